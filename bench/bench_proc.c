/*
 * bench_proc: processor throughput in-process (no Kafka), as `newsenrich
 * process` and the daemon's threads run it.
 *
 *   bench_proc [--detach] [-m MODELS] [-t THREADS] [-s SECONDS] [-n MAX]
 *              FILE.rec
 *   bench_proc --stages [-m MODELS] [-s SECONDS] [-n MAX] [-c CHECK]
 *              FILE.rec
 *   bench_proc --dump OUT [-m MODELS] [-n MAX] FILE.rec
 *
 * FILE.rec is a record file of bench/gen_articles.py. The default mode runs
 * ne_processor_run() on THREADS threads (each its own ne_result_t, all
 * sharing one processor) for SECONDS and prints one JSON object: articles,
 * text bytes (title + body after decoding), tokens, per second of wall time
 * and per second of the threads' CPU time (the machine is shared: CPU time
 * is the steadier per-core figure). --detach moves the records out of the
 * result after each article, as the daemon's processor threads do.
 *
 * --stages runs one thread that calls the stage functions of stages.h
 * itself, in processor.c's order, and times each one in thread CPU time
 * (a shared machine steals wall time): decode, text, langid, ner,
 * entities, dates, quantities, claims, record. The first
 * CHECK records (default 200) are also run through ne_processor_run() and
 * must give byte-identical records (apart from "micros"), so the timed path
 * is the shipped one.
 *
 * --dump writes every record of the first MAX articles (micros masked) and
 * every rejection to OUT, to diff the output before and after a change.
 */
#include "../processor/decode.h"
#include "../processor/doc.h"
#include "../processor/processor.h"
#include "../processor/record.h"
#include "../processor/stages.h"
#include "recfile.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static ne_rec_t *recs;
static size_t rec_cnt;
static const char *models_dir;

static void die(const char *what)
{
    fprintf(stderr, "bench_proc: %s\n", what);
    exit(1);
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t thread_cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static long status_kb(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    size_t kl = strlen(key);
    long kb = -1;
    while (f && fgets(line, sizeof(line), f))
        if (!strncmp(line, key, kl))
            kb = atol(line + kl);
    if (f)
        fclose(f);
    return kb;
}

static void input_of(size_t i, ne_input_t *in)
{
    memset(in, 0, sizeof(*in));
    in->payload = recs[i].p;
    in->len = recs[i].len;
    in->topic = "bench";
    in->offset = (int64_t)i;
    in->timestamp_ms = -1;
}

/* ---- full processor, N threads ------------------------------------------ */

typedef struct worker_s {
    pthread_t tid;
    const ne_processor_t *proc;
    size_t first;
    uint64_t articles, errors, text_bytes, payload_bytes, tokens;
    int64_t cpu_ns;
} worker_t;

static atomic_int stop_flag;
static int detach; /* --detach: take the records out as the daemon does */

static void *worker_main(void *arg)
{
    worker_t *w = arg;
    ne_result_t *res = ne_result_new();
    int64_t cpu0 = thread_cpu_ns();
    size_t i = w->first;

    while (!atomic_load_explicit(&stop_flag, memory_order_relaxed)) {
        ne_input_t in;
        input_of(i, &in);
        if (ne_processor_run(w->proc, &in, res) == NE_OK) {
            const ne_stats_t *st = ne_result_stats(res);
            w->articles++;
            w->tokens += st->tokens;
            if (detach) {
                /* as the daemon's threads do: the job takes the records */
                ne_outputs_t out;
                ne_result_detach(res, &out);
                ne_outputs_free(&out);
            }
        } else {
            w->errors++;
        }
        w->payload_bytes += recs[i].len;
        if (++i == rec_cnt)
            i = 0;
    }
    w->cpu_ns = thread_cpu_ns() - cpu0;
    ne_result_destroy(res);
    return NULL;
}

/* Text bytes of every record, measured once in a warm-up pass: the
 * decoded title + body, which is what "MB/s of news text" counts. */
static uint64_t *text_len;

static void measure_text(const ne_processor_t *proc)
{
    ne_decoder_t dec;
    ne_article_t art;
    char reason[512];
    size_t i;

    (void)proc;
    text_len = ne_calloc(rec_cnt, sizeof(*text_len));
    ne_decoder_init(&dec);
    for (i = 0; i < rec_cnt; i++) {
        ne_input_t in;
        input_of(i, &in);
        if (ne_decode(&dec, &in, 10 << 20, 32 << 20, &art, reason,
                      sizeof(reason)) == NE_OK)
            text_len[i] = art.title.len + art.body.len;
    }
    ne_decoder_free(&dec);
}

/* Every record of every article (key, value with "micros" masked), one
 * a line, and each rejection's error and reason: to check that an
 * optimisation leaves the output byte for byte as it was. */
static char *mask_micros(const char *p, size_t n, size_t *outn);

static int run_dump(const ne_processor_t *proc, const char *path)
{
    FILE *f = fopen(path, "w");
    ne_result_t *res = ne_result_new();
    size_t i, r;

    if (!f)
        die("cannot write the dump file");
    for (i = 0; i < rec_cnt; i++) {
        ne_input_t in;
        ne_err_t err;
        input_of(i, &in);
        err = ne_processor_run(proc, &in, res);
        if (err) {
            fprintf(f, "%zu error %s: %s\n", i, ne_err2str(err),
                    ne_result_reason(res));
            continue;
        }
        for (r = 0; r < ne_result_outputs(res)->cnt; r++) {
            const ne_outputs_t *o = ne_result_outputs(res);
            size_t n;
            char *v = mask_micros(o->data + o->recs[r].value_off,
                                  o->recs[r].value_len, &n);
            fprintf(f, "%zu %d %.*s\t%.*s\n", i, (int)o->recs[r].kind,
                    (int)o->recs[r].key_len, o->data + o->recs[r].key_off,
                    (int)n, v);
            free(v);
        }
    }
    ne_result_destroy(res);
    return fclose(f) ? 1 : 0;
}

static int run_full(const ne_processor_t *proc, int threads, double seconds)
{
    worker_t *w = ne_calloc((size_t)threads, sizeof(*w));
    uint64_t art = 0, err = 0, tb = 0, pb = 0, tok = 0;
    int64_t cpu = 0, t0, el;
    struct timespec pause;
    int k;

    measure_text(proc);
    t0 = now_ns();
    for (k = 0; k < threads; k++) {
        w[k].proc = proc;
        w[k].first = rec_cnt * (size_t)k / (size_t)threads;
        if (pthread_create(&w[k].tid, NULL, worker_main, &w[k]))
            die("pthread_create failed");
    }
    pause.tv_sec = (time_t)seconds;
    pause.tv_nsec = (long)((seconds - (double)pause.tv_sec) * 1e9);
    nanosleep(&pause, NULL);
    atomic_store(&stop_flag, 1);
    for (k = 0; k < threads; k++)
        pthread_join(w[k].tid, NULL);
    el = now_ns() - t0;
    for (k = 0; k < threads; k++) {
        /* text bytes: count them from where each thread went */
        uint64_t n = w[k].articles + w[k].errors, j;
        for (j = 0; j < n; j++)
            tb += text_len[(w[k].first + j) % rec_cnt];
        art += w[k].articles;
        err += w[k].errors;
        pb += w[k].payload_bytes;
        tok += w[k].tokens;
        cpu += w[k].cpu_ns;
    }
    printf("{\"mode\":\"full\",\"threads\":%d,\"seconds\":%.3f,"
           "\"cpu_seconds\":%.3f,\"articles\":%llu,\"errors\":%llu,"
           "\"text_bytes\":%llu,\"payload_bytes\":%llu,\"tokens\":%llu,"
           "\"articles_per_s\":%.1f,\"text_mb_per_s\":%.3f,"
           "\"tokens_per_s\":%.0f,\"articles_per_cpu_s\":%.1f,"
           "\"text_mb_per_cpu_s\":%.3f,\"tokens_per_cpu_s\":%.0f,"
           "\"rss_kb\":%ld,\"hwm_kb\":%ld}\n",
           threads, el / 1e9, cpu / 1e9, (unsigned long long)art,
           (unsigned long long)err, (unsigned long long)tb,
           (unsigned long long)pb, (unsigned long long)tok,
           (art + err) / (el / 1e9), tb / (el / 1e9) / 1e6,
           tok / (el / 1e9), (art + err) / (cpu / 1e9),
           tb / (cpu / 1e9) / 1e6, tok / (cpu / 1e9), status_kb("VmRSS:"),
           status_kb("VmHWM:"));
    free(w);
    free(text_len);
    return 0;
}

/* ---- stage by stage, one thread ----------------------------------------- */

enum {
    ST_DECODE, ST_TEXT, ST_LANGID, ST_NER, ST_ENTITIES, ST_DATES,
    ST_QUANTITIES, ST_CLAIMS, ST_RECORD, ST__CNT
};
static const char *const stage_names[ST__CNT] = {
    "decode", "text", "langid", "ner", "entities", "dates", "quantities",
    "claims", "record"};

typedef struct models_s {
    ne_langid_t *langid;
    ne_kb_t *kb;
    ne_ner_t *ner_de, *ner_en;
    ne_claims_t *claims;
} models_t;

static void load_models(models_t *m)
{
    char err[512];
    if (!(m->langid = ne_langid_load(models_dir, err, sizeof(err))) ||
        !(m->kb = ne_kb_load(models_dir, NULL, err, sizeof(err))) ||
        !(m->ner_de = ne_ner_load(models_dir, "de", m->kb, err,
                                  sizeof(err))) ||
        !(m->ner_en = ne_ner_load(models_dir, "en", m->kb, err,
                                  sizeof(err))) ||
        !(m->claims = ne_claims_load(models_dir, err, sizeof(err))))
        die(err);
}

static void free_models(models_t *m)
{
    ne_claims_destroy(m->claims);
    ne_ner_destroy(m->ner_en);
    ne_ner_destroy(m->ner_de);
    ne_kb_destroy(m->kb);
    ne_langid_destroy(m->langid);
}

typedef struct stage_run_s {
    ne_doc_t doc;
    ne_decoder_t dec;
    ne_record_scratch_t rec_scratch;
    ne_buf_t out;
    ne_outrec_t *recs;
    size_t rec_cnt, rec_cap;
    int64_t ns[ST__CNT];
} stage_run_t;

/* One article through the stages, timing each (CPU time: about 0.2 us a
 * reading, well under 1% of an article); mirrors ne_processor_run.
 * Returns NE_OK or the decode error. */
static ne_err_t run_stages(const models_t *m, const char *model_name,
                           size_t i, stage_run_t *sr)
{
    ne_doc_t *doc = &sr->doc;
    ne_input_t in;
    ne_article_t art;
    ne_record_ctx_t ctx;
    char reason[512];
    const ne_ner_t *ner = NULL;
    int64_t t[ST__CNT + 1];
    ne_err_t err;
    char id[32];
    int k;

    input_of(i, &in);
    t[0] = thread_cpu_ns();
    ne_buf_reset(&sr->out);
    sr->rec_cnt = 0;
    ne_doc_reset(doc);
    err = ne_decode(&sr->dec, &in, 10 << 20, 32 << 20, &art, reason,
                    sizeof(reason));
    if (err) {
        sr->ns[ST_DECODE] += thread_cpu_ns() - t[0];
        return err;
    }
    ne_decode_fill_doc(&art, doc);
    t[1] = thread_cpu_ns();
    ne_text_analyse(doc);
    t[2] = thread_cpu_ns();
    ne_langid_detect(m->langid, doc);
    if (doc->lang == NE_LANG_DE)
        ner = m->ner_de;
    else if (doc->lang == NE_LANG_EN)
        ner = m->ner_en;
    t[3] = thread_cpu_ns();
    ne_ner_tag(ner, m->kb, doc);
    t[4] = thread_cpu_ns();
    ne_entities_resolve(m->kb, doc);
    t[5] = thread_cpu_ns();
    ne_dates_extract(doc);
    t[6] = thread_cpu_ns();
    ne_quantities_extract(doc);
    t[7] = thread_cpu_ns();
    ne_claims_extract(m->claims, doc);
    t[8] = thread_cpu_ns();
    if (art.id.p && art.id.len) {
        ctx.id = art.id.p;
        ctx.id_len = art.id.len;
    } else {
        ctx.id_len = (size_t)snprintf(id, sizeof(id), "bench/0/%zu", i);
        ctx.id = id;
    }
    ctx.art = &art;
    ctx.in = &in;
    ctx.model = model_name;
    ctx.start_us = ne_now_us(); /* "micros" is masked in the check */
    ctx.scratch = &sr->rec_scratch;
    ne_record_write(doc, &ctx, &sr->out, &sr->recs, &sr->rec_cnt,
                    &sr->rec_cap);
    t[9] = thread_cpu_ns();
    for (k = 0; k < ST__CNT; k++)
        sr->ns[k] += t[k + 1] - t[k];
    return NE_OK;
}

/* Copy of a record with the digits after "micros": removed. */
static char *mask_micros(const char *p, size_t n, size_t *outn)
{
    char *o = ne_malloc(n + 1);
    size_t i = 0, j = 0;
    while (i < n) {
        if (n - i >= 9 && !memcmp(p + i, "\"micros\":", 9)) {
            memcpy(o + j, p + i, 9);
            i += 9;
            j += 9;
            while (i < n && p[i] >= '0' && p[i] <= '9')
                i++;
            continue;
        }
        o[j++] = p[i++];
    }
    *outn = j;
    return o;
}

/* The stage path must produce exactly what ne_processor_run produces. */
static void check_same(const ne_processor_t *proc, const models_t *m,
                       stage_run_t *sr, size_t check)
{
    ne_result_t *res = ne_result_new();
    size_t i, r;

    for (i = 0; i < check && i < rec_cnt; i++) {
        ne_input_t in;
        ne_err_t e1, e2;
        const ne_outputs_t *o;

        input_of(i, &in);
        e1 = ne_processor_run(proc, &in, res);
        e2 = run_stages(m, ne_processor_model_name(proc), i, sr);
        if (e1 != e2)
            die("stage path and ne_processor_run disagree on an error");
        if (e1)
            continue;
        o = ne_result_outputs(res);
        if (o->cnt != sr->rec_cnt)
            die("stage path and ne_processor_run give different record "
                "counts");
        for (r = 0; r < o->cnt; r++) {
            size_t n1, n2;
            char *a = mask_micros(o->data + o->recs[r].value_off,
                                  o->recs[r].value_len, &n1);
            char *b = mask_micros(sr->out.data + sr->recs[r].value_off,
                                  sr->recs[r].value_len, &n2);
            if (n1 != n2 || memcmp(a, b, n1)) {
                fprintf(stderr, "record %zu.%zu differs:\n%.*s\n%.*s\n", i,
                        r, (int)n1, a, (int)n2, b);
                die("stage path differs from ne_processor_run");
            }
            free(a);
            free(b);
        }
    }
    memset(sr->ns, 0, sizeof(sr->ns));
    ne_result_destroy(res);
}

static int run_stage_mode(const ne_processor_t *proc, double seconds,
                          size_t check)
{
    models_t m;
    stage_run_t sr;
    uint64_t art = 0, err = 0, tb = 0, tok = 0, mentions = 0, ents = 0,
             claims = 0;
    int64_t t0, el, total = 0;
    size_t i = 0;
    int k;

    memset(&m, 0, sizeof(m));
    memset(&sr, 0, sizeof(sr));
    load_models(&m);
    ne_doc_init(&sr.doc);
    ne_decoder_init(&sr.dec);
    ne_record_scratch_init(&sr.rec_scratch);
    ne_buf_init(&sr.out);
    check_same(proc, &m, &sr, check);

    t0 = now_ns();
    do {
        /* check the clock every 16 articles: cheap next to an article */
        for (k = 0; k < 16; k++) {
            if (run_stages(&m, ne_processor_model_name(proc), i, &sr)) {
                err++;
            } else {
                art++;
                tb += sr.doc.len[NE_FIELD_TITLE] + sr.doc.len[NE_FIELD_BODY];
                tok += sr.doc.tokens.cnt;
                mentions += sr.doc.mentions.cnt;
                ents += sr.doc.entities.cnt;
                claims += sr.doc.claims.cnt;
            }
            if (++i == rec_cnt)
                i = 0;
        }
        el = now_ns() - t0;
    } while (el < (int64_t)(seconds * 1e9));

    for (k = 0; k < ST__CNT; k++)
        total += sr.ns[k];
    printf("{\"mode\":\"stages\",\"threads\":1,\"seconds\":%.3f,"
           "\"articles\":%llu,\"errors\":%llu,\"text_bytes\":%llu,"
           "\"tokens\":%llu,\"mentions\":%llu,\"entities\":%llu,"
           "\"claims\":%llu,\"checked\":%zu,\"stage_seconds\":{",
           el / 1e9, (unsigned long long)art, (unsigned long long)err,
           (unsigned long long)tb, (unsigned long long)tok,
           (unsigned long long)mentions, (unsigned long long)ents,
           (unsigned long long)claims, check < rec_cnt ? check : rec_cnt);
    for (k = 0; k < ST__CNT; k++)
        printf("%s\"%s\":%.4f", k ? "," : "", stage_names[k], sr.ns[k] / 1e9);
    printf("},\"staged_seconds\":%.4f}\n", total / 1e9);

    free(sr.recs);
    ne_buf_free(&sr.out);
    ne_decoder_free(&sr.dec);
    ne_record_scratch_free(&sr.rec_scratch);
    ne_doc_free(&sr.doc);
    free_models(&m);
    return 0;
}

int main(int argc, char **argv)
{
    ne_processor_conf_t pconf;
    ne_processor_t *proc;
    char err[512];
    double seconds = 5;
    size_t max = 0, check = 200;
    const char *dump = NULL;
    int threads = 1, stages = 0, i, rc;
    long rss0 = status_kb("VmRSS:");

    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--stages"))
            stages = 1;
        else if (!strcmp(argv[i], "--detach"))
            detach = 1;
        else if (i + 1 < argc && !strcmp(argv[i], "-m"))
            models_dir = argv[++i];
        else if (i + 1 < argc && !strcmp(argv[i], "-t"))
            threads = atoi(argv[++i]);
        else if (i + 1 < argc && !strcmp(argv[i], "-s"))
            seconds = atof(argv[++i]);
        else if (i + 1 < argc && !strcmp(argv[i], "-n"))
            max = (size_t)atol(argv[++i]);
        else if (i + 1 < argc && !strcmp(argv[i], "-c"))
            check = (size_t)atol(argv[++i]);
        else if (i + 1 < argc && !strcmp(argv[i], "--dump"))
            dump = argv[++i];
        else
            break;
    }
    if (i + 1 != argc || threads < 1 || seconds <= 0) {
        fprintf(stderr, "usage: bench_proc [--stages | --dump OUT | "
                        "--detach] [-m MODELS] [-t THREADS] [-s SECONDS] "
                        "[-n MAX] [-c CHECK] FILE.rec\n");
        return 2;
    }
    if (!models_dir)
        models_dir = getenv("NEWSENRICH_MODELS_DIR");
    if (!models_dir)
        models_dir = NE_SOURCE_DIR "/models";
    recs = ne_recfile_load(argv[i], max, &rec_cnt);

    ne_processor_conf_init(&pconf);
    pconf.models_dir = models_dir;
    if (!(proc = ne_processor_new(&pconf, err, sizeof(err))))
        die(err);
    fprintf(stderr, "bench_proc: %zu records, RSS %ld kB before models, "
                    "%ld kB with them\n",
            rec_cnt, rss0, status_kb("VmRSS:"));
    rc = dump     ? run_dump(proc, dump)
         : stages ? run_stage_mode(proc, seconds, check)
                  : run_full(proc, threads, seconds);
    ne_processor_destroy(proc);
    return rc;
}
