/*
 * newsenrich - the topic watch (see topic_watch.h).
 *
 * The metadata request lists every topic of the cluster (all_topics=1)
 * rather than naming ours: a request that names a topic can make a broker
 * with auto.create.topics.enable create it, which would hide exactly the
 * mistake this is here to show. The list holds only the topics this
 * client may describe; one it may not is as unusable as a missing one.
 */
#include "topic_watch.h"
#include "../common/log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct ne_watched_s {
    const char *topic; /* borrowed from the config */
    const char *role;  /* "input", "enriched", ... (for the log) */
    int missing;       /* as of the last answer; -1 before the first */
    int64_t logged_ms; /* when its absence was last logged */
    ne_series_t *gauge;
} ne_watched_t;

struct ne_topic_watch_s {
    rd_kafka_t *rk;
    ne_metrics_t *metrics;
    ne_health_t *health;
    int interval_ms;
    ne_watched_t *topics;
    size_t cnt;
    pthread_t thread;
    int started;
    pthread_mutex_t lock; /* guards stop, for the timed wait */
    pthread_cond_t cond;
    int stop;
    int failing;          /* the last request failed (logged once) */
};

static const char *const topic_labels[] = {"topic", NULL};

static void watch_add(ne_topic_watch_t *tw, const char *topic,
                      const char *role)
{
    size_t i;
    if (!topic || !*topic)
        return; /* that output is switched off */
    for (i = 0; i < tw->cnt; i++)
        if (!strcmp(tw->topics[i].topic, topic))
            return; /* one topic in two roles is checked once */
    tw->topics[tw->cnt].topic = topic;
    tw->topics[tw->cnt].role = role;
    tw->topics[tw->cnt].missing = -1;
    tw->cnt++;
}

static int listed(const rd_kafka_metadata_t *md, const char *topic)
{
    int i;
    for (i = 0; i < md->topic_cnt; i++)
        if (!md->topics[i].err && !strcmp(md->topics[i].topic, topic))
            return 1;
    return 0;
}

/* Publish the missing names for /readyz, then their count. */
static void publish(ne_topic_watch_t *tw)
{
    ne_health_t *h = tw->health;
    size_t i, off = 0, n = 0;

    pthread_mutex_lock(&h->missing_lock);
    for (i = 0; i < tw->cnt; i++) {
        size_t len = strlen(tw->topics[i].topic);
        if (!tw->topics[i].missing)
            continue;
        n++;
        /* keep room for this name, its NUL and the closing empty name */
        if (off + len + 2 > sizeof(h->missing_names))
            continue;
        memcpy(h->missing_names + off, tw->topics[i].topic, len + 1);
        off += len + 1;
    }
    h->missing_names[off] = '\0';
    pthread_mutex_unlock(&h->missing_lock);
    atomic_store(&h->topics_missing, (int)n);
    atomic_store(&h->topics_unknown, 0);
}

static void check(ne_topic_watch_t *tw)
{
    const struct rd_kafka_metadata *md = NULL;
    rd_kafka_resp_err_t err;
    int64_t now;
    size_t i;

    err = rd_kafka_metadata(tw->rk, 1, NULL, &md, NE_TOPIC_WATCH_TIMEOUT_MS);
    if (err) {
        /* the broker is unreachable: readiness already says so; keep the
         * last known state rather than guess */
        if (!tw->failing)
            NE_LOG(NE_LOG_WARN, "consumer", "topic_check_failed",
                   rd_kafka_err2str(err));
        tw->failing = 1;
        return;
    }
    tw->failing = 0;
    now = ne_wallclock_ms();
    for (i = 0; i < tw->cnt; i++) {
        ne_watched_t *w = &tw->topics[i];
        int missing = !listed(md, w->topic);
        if (missing && (w->missing != 1 ||
                        now - w->logged_ms >= NE_TOPIC_WATCH_RELOG_MS)) {
            NE_LOG(NE_LOG_WARN, "consumer", "topic_missing",
                   w->missing == 1 ? "the topic still does not exist"
                                   : "the topic does not exist: the worker "
                                     "is not ready until it is created",
                   NE_KV_STR("topic", w->topic), NE_KV_STR("role", w->role));
            w->logged_ms = now;
        } else if (!missing && w->missing == 1) {
            NE_LOG(NE_LOG_INFO, "consumer", "topic_present",
                   "the topic exists now", NE_KV_STR("topic", w->topic),
                   NE_KV_STR("role", w->role));
        }
        w->missing = missing;
        if (!w->gauge) {
            /* no series before the first answer: a 0 would claim the
             * topic exists */
            const char *lv[] = {w->topic};
            w->gauge =
                ne_metrics_get(tw->metrics, "newsenrich_topic_missing", lv);
        }
        ne_series_set(w->gauge, missing);
    }
    rd_kafka_metadata_destroy(md);
    publish(tw);
}

static void *watch_main(void *arg)
{
    ne_topic_watch_t *tw = arg;
    struct timespec until;

    pthread_mutex_lock(&tw->lock);
    while (!tw->stop) {
        pthread_mutex_unlock(&tw->lock);
        check(tw);
        pthread_mutex_lock(&tw->lock);
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_sec += tw->interval_ms / 1000;
        until.tv_nsec += (long)(tw->interval_ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        while (!tw->stop &&
               pthread_cond_timedwait(&tw->cond, &tw->lock, &until) !=
                   ETIMEDOUT)
            ;
    }
    pthread_mutex_unlock(&tw->lock);
    return NULL;
}

ne_topic_watch_t *ne_topic_watch_new(rd_kafka_t *rk, const ne_config_t *conf,
                                     ne_metrics_t *metrics,
                                     ne_health_t *health, int interval_ms,
                                     char *errstr, size_t errstr_size)
{
    ne_topic_watch_t *tw = ne_calloc(1, sizeof(*tw));
    pthread_condattr_t ca;
    size_t i, n = 0;
    int rc;

    tw->rk = rk;
    tw->metrics = metrics;
    tw->health = health;
    tw->interval_ms = interval_ms > 0 ? interval_ms : NE_TOPIC_WATCH_INTERVAL_MS;
    pthread_mutex_init(&tw->lock, NULL);
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&tw->cond, &ca);
    pthread_condattr_destroy(&ca);

    while (conf->topics_input[n])
        n++;
    tw->topics = ne_calloc(n + 4, sizeof(*tw->topics));
    for (i = 0; i < n; i++)
        watch_add(tw, conf->topics_input[i], "input");
    watch_add(tw, conf->topic_enriched, "enriched");
    watch_add(tw, conf->topic_entities, "entities");
    watch_add(tw, conf->topic_claims, "claims");
    watch_add(tw, conf->topic_dlq, "dlq");

    ne_metrics_declare(metrics, "newsenrich_topic_missing", NE_METRIC_GAUGE,
                       "1 when a configured input or output topic does not "
                       "exist in the cluster, 0 when it does (checked every "
                       "few seconds).",
                       topic_labels, NULL, 0);
    atomic_store(&health->topics_unknown, 1);
    if ((rc = pthread_create(&tw->thread, NULL, watch_main, tw))) {
        ne_errf(errstr, errstr_size, "cannot start the topic watch: %s",
                strerror(rc));
        ne_topic_watch_destroy(tw);
        return NULL;
    }
    tw->started = 1;
    return tw;
}

void ne_topic_watch_stop(ne_topic_watch_t *tw)
{
    if (!tw)
        return;
    pthread_mutex_lock(&tw->lock);
    tw->stop = 1;
    pthread_cond_signal(&tw->cond);
    pthread_mutex_unlock(&tw->lock);
}

void ne_topic_watch_destroy(ne_topic_watch_t *tw)
{
    if (!tw)
        return;
    if (tw->started) {
        ne_topic_watch_stop(tw);
        pthread_join(tw->thread, NULL);
    }
    pthread_cond_destroy(&tw->cond);
    pthread_mutex_destroy(&tw->lock);
    free(tw->topics);
    free(tw);
}
