/*
 * newsenrich - the embedded broker: librdkafka's in-process mock cluster.
 *
 * For `demo` and for `run --embedded`. It is a test double:
 * no transactions semantics, 5 MiB per partition, no SASL/SSL. Its brokers
 * listen on loopback, so kcat can produce into it.
 */
#ifndef NE_EMBEDDED_H
#define NE_EMBEDDED_H

#include <stddef.h>

typedef struct ne_embedded_s ne_embedded_t;

/* Start a one-broker cluster and create topics (NULL-terminated) with
 * `partitions` partitions each. */
ne_embedded_t *ne_embedded_start(const char *const *topics, int partitions,
                                 char *errstr, size_t errstr_size);
const char *ne_embedded_bootstrap(const ne_embedded_t *e);
void ne_embedded_stop(ne_embedded_t *e); /* accepts NULL */

#endif
