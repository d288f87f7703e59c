/*
 * newsenrich - URL credentials out of printed text.
 */
#include "redact.h"

#include <string.h>

/* Where the authority of a URL starting at s (just after "://") ends: the
 * path, query or fragment, or anything that cannot be in one (space,
 * quote, backslash of an escaped JSON string, control byte). */
static size_t authority_len(const char *s, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '/' || c == '?' || c == '#' || c == '"' || c == '\'' ||
            c == '\\' || c == '<' || c == '>' || c <= ' ' || c == 0x7f)
            break;
    }
    return i;
}

/* The offset of the last '@' in the authority at s, or -1 for none. */
static long userinfo_end(const char *s, size_t len)
{
    size_t a = authority_len(s, len);
    while (a > 0)
        if (s[--a] == '@')
            return (long)a;
    return -1;
}

int ne_redact_urls_needed(const char *s, size_t len)
{
    const char *p = s, *end = s + len, *m;
    while ((m = memmem(p, (size_t)(end - p), "://", 3))) {
        p = m + 3;
        if (userinfo_end(p, (size_t)(end - p)) > 0)
            return 1;
    }
    return 0;
}

size_t ne_redact_urls(ne_buf_t *out, const char *s, size_t len)
{
    const char *p = s, *end = s + len, *m;
    size_t n = 0;
    while ((m = memmem(p, (size_t)(end - p), "://", 3))) {
        const char *ui = m + 3, *colon;
        long at = userinfo_end(ui, (size_t)(end - ui));
        if (at <= 0) {
            ne_buf_append(out, p, (size_t)(ui - p));
            p = ui;
            continue;
        }
        /* keep the user name (it helps to tell accounts apart); the part
         * after the first ':' is the password, a lone part a token */
        colon = memchr(ui, ':', (size_t)at);
        ne_buf_append(out, p, (size_t)((colon ? colon + 1 : ui) - p));
        ne_buf_puts(out, NE_REDACTED);
        p = ui + at;
        n++;
    }
    ne_buf_append(out, p, (size_t)(end - p));
    return n;
}
