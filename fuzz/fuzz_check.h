/*
 * newsenrich fuzzing - invariants the fuzz targets assert on every input.
 *
 * A violated invariant prints what and where on stderr and aborts, so that
 * libFuzzer saves the input as a crash like any sanitizer finding.
 */
#ifndef NE_FUZZ_CHECK_H
#define NE_FUZZ_CHECK_H

#include <stddef.h>

#include "processor/doc.h"
#include "processor/processor.h"

/* Abort with a message; for the targets' own checks. */
void ne_fuzz_fail(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

/* Reference UTF-8 check (Unicode table 3-7, written independently of
 * ne_utf8_valid so that the two can be compared). 1 when well formed. */
int ne_fuzz_utf8_ok(const unsigned char *s, size_t n);

/* Copy of s[0..n) with every byte that does not start a well-formed
 * character replaced by '?'; caller frees. The tokeniser's contract is
 * valid UTF-8 (decode checks it), so its target feeds only that. */
char *ne_fuzz_utf8_repair(const unsigned char *s, size_t n);

/* Tokens, sentences, mentions, entities, claims, dates and quantities of
 * an analysed document: indexes in range, spans inside their field and on
 * character boundaries, normalised forms valid UTF-8. */
void ne_fuzz_check_doc(const ne_doc_t *doc);

/* Every output record parses as JSON (no duplicate keys), carries its
 * schema, and every span in it lies inside its field, on character
 * boundaries, with "text" equal to the bytes it covers. */
void ne_fuzz_check_outputs(const ne_outputs_t *out);

/* The error line of `process` parses and names a per-message class. */
void ne_fuzz_check_error(ne_err_t err, const char *reason);

#endif
