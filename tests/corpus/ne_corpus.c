/*
 * ne-corpus - run whole files through the processor, one file = one message,
 * and print every record it produces. `newsenrich process` reads lines, so
 * payloads with newlines (gzip, zlib, multi-line text) come through here.
 *
 *   ne-corpus [--max-message-bytes N] [--max-decompressed-bytes N]
 *             [--topic T] FILE...
 *
 * For each FILE, in order:
 *   {"input": FILE, "error": null, "records": [{"kind": K, "key": KEY}, ...]}
 *   one line per record: its value, exactly as the processor wrote it
 * or, for a rejected input:
 *   {"input": FILE, "error": CLASS, "records": []}
 *   the error line `process` would print (newsenrich.error/1)
 * Each payload is read into a buffer of exactly its size, so that reading
 * past the end is an AddressSanitizer error, as it would be on a Kafka
 * message. Without --topic the run is offline like `process`: the id of an
 * article without one is stdin/0/<position of FILE>.
 * Exit status 0 when every file was processed (rejections included).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "processor/processor.h"

static const char *const kind_names[NE_OUT__CNT] = {"enriched", "entity",
                                                    "claim"};

/* Whole file into a buffer of exactly its size (NULL for an empty one). */
static int read_file(const char *path, char **data, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    long n;
    *data = NULL;
    *len = 0;
    if (!fp || fseek(fp, 0, SEEK_END) || (n = ftell(fp)) < 0 ||
        fseek(fp, 0, SEEK_SET)) {
        if (fp)
            fclose(fp);
        return -1;
    }
    if (n > 0) {
        *data = ne_malloc((size_t)n);
        if (fread(*data, 1, (size_t)n, fp) != (size_t)n) {
            free(*data);
            fclose(fp);
            return -1;
        }
    }
    *len = (size_t)n;
    fclose(fp);
    return 0;
}

static void put_header(ne_buf_t *b, const char *path, ne_err_t err,
                       const ne_outputs_t *out)
{
    ne_jsonw_t w;
    size_t i;
    ne_jsonw_init(&w, b);
    ne_jsonw_obj_open(&w);
    ne_jsonw_key(&w, "input");
    ne_jsonw_str(&w, path);
    ne_jsonw_key(&w, "error");
    if (err)
        ne_jsonw_str(&w, ne_err2str(err));
    else
        ne_jsonw_null(&w);
    ne_jsonw_key(&w, "records");
    ne_jsonw_arr_open(&w);
    for (i = 0; out && i < out->cnt; i++) {
        const ne_outrec_t *r = &out->recs[i];
        ne_jsonw_obj_open(&w);
        ne_jsonw_key(&w, "kind");
        ne_jsonw_str(&w, kind_names[r->kind]);
        ne_jsonw_key(&w, "key");
        ne_jsonw_strn(&w, out->data + r->key_off, r->key_len);
        ne_jsonw_obj_close(&w);
    }
    ne_jsonw_arr_close(&w);
    ne_jsonw_obj_close(&w);
    ne_buf_putc(b, '\n');
}

int main(int argc, char **argv)
{
    ne_processor_conf_t conf;
    ne_processor_t *proc;
    ne_result_t *res;
    ne_buf_t b;
    const char *topic = NULL;
    char err[512];
    int i, rc = 0;
    int64_t pos = 0;

    ne_processor_conf_init(&conf);
    for (i = 1; i < argc && !strncmp(argv[i], "--", 2); i += 2) {
        if (i + 1 >= argc)
            break;
        if (!strcmp(argv[i], "--max-message-bytes"))
            conf.max_message_bytes = strtoull(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--max-decompressed-bytes"))
            conf.max_decompressed_bytes = strtoull(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--topic"))
            topic = argv[i + 1];
        else
            break;
    }
    if (i >= argc || !strncmp(argv[i], "--", 2)) {
        fprintf(stderr, "usage: ne-corpus [--max-message-bytes N] "
                        "[--max-decompressed-bytes N] [--topic T] FILE...\n");
        return 2;
    }
    if (!(proc = ne_processor_new(&conf, err, sizeof(err)))) {
        fprintf(stderr, "ne-corpus: %s\n", err);
        return 1;
    }
    res = ne_result_new();
    ne_buf_init(&b);
    for (; i < argc; i++) {
        ne_input_t in;
        ne_err_t e;
        char *data;
        size_t len;

        pos++;
        if (read_file(argv[i], &data, &len)) {
            fprintf(stderr, "ne-corpus: cannot read %s\n", argv[i]);
            rc = 1;
            continue;
        }
        memset(&in, 0, sizeof(in));
        in.payload = data;
        in.len = len;
        in.topic = topic;
        in.offset = pos;
        in.timestamp_ms = -1;
        e = ne_processor_run(proc, &in, res);
        ne_buf_reset(&b);
        if (e) {
            put_header(&b, argv[i], e, NULL);
            ne_error_record(&b, pos, e, ne_result_reason(res));
            ne_buf_putc(&b, '\n');
        } else {
            const ne_outputs_t *out = ne_result_outputs(res);
            size_t k;
            put_header(&b, argv[i], e, out);
            for (k = 0; k < out->cnt; k++) {
                ne_buf_append(&b, out->data + out->recs[k].value_off,
                              out->recs[k].value_len);
                ne_buf_putc(&b, '\n');
            }
        }
        fwrite(b.data, 1, b.len, stdout);
        free(data);
    }
    ne_buf_free(&b);
    ne_result_destroy(res);
    ne_processor_destroy(proc);
    if (fflush(stdout))
        rc = 1;
    return rc;
}
