/*
 * newsenrich - keeping secrets out of what is printed.
 *
 * A URL may carry credentials in its authority ("https://user:pw@host/");
 * anything that prints configuration values or log lines passes them
 * through here first. Which keys hold secrets is config's business
 * (ne_config_kafka_key_secret); this finds secrets by their shape.
 */
#ifndef NE_REDACT_H
#define NE_REDACT_H

#include <stddef.h>

#include "buf.h"

#define NE_REDACTED "[redacted]"

/* Append s[0..len) to out with the userinfo password of every URL
 * replaced by NE_REDACTED ("https://user:[redacted]@host"); a userinfo
 * without ':' is a token and is replaced whole. Returns the number of
 * URLs redacted. Any thread. */
size_t ne_redact_urls(ne_buf_t *out, const char *s, size_t len);

/* 1 when s[0..len) holds a URL with credentials (what ne_redact_urls
 * would change), else 0. Cheap enough for every log line. */
int ne_redact_urls_needed(const char *s, size_t len);

#endif
