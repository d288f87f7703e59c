/*
 * newsenrich - the knowledge base: matching names and linking entities.
 *
 * Private to processor/. The KB (stages.h loads it) holds the default
 * gazetteer (models/kb-default.tsv) and the user's watch-lists; the file
 * format is described in docs/kb-format.md. Names are kept as a trie over
 * normalised word keys, so a match costs one hash probe per token and never
 * looks at raw bytes. Everything here reads the loaded KB only and may be
 * called from any thread.
 *
 * Word keys: the tokeniser's normalised form (text.h: lower case, NFC,
 * U+2019 read as an apostrophe, soft hyphens dropped) without trailing
 * periods ("St." = "St"), hashed with ne_text_hash(): a token's key is its
 * token->hash unless it ends in a period. KB names are split into words at
 * white space, which is how the tokeniser splits names too
 * ("Kongo-Kinshasa" stays one word).
 */
#ifndef NE_KB_H
#define NE_KB_H

#include "doc.h"
#include "stages.h"

/* Per-token bits from ne_kb_annotate(): Begin / Inside of a KB name that
 * names an entity of the type (ne_etype_t). One byte holds all four. */
#define NE_KB_B(type) ((uint8_t)(1u << ((type) * 2)))
#define NE_KB_I(type) ((uint8_t)(2u << ((type) * 2)))

/* Longest name in words the KB may hold. */
#define NE_KB_MAX_WORDS 16

/* Room for one word key; longer words are cut (no name is that long). */
#define NE_KB_KEY_MAX 128

/* Case classes: what a word of a name demands of the token it matches
 * ("us" is not "US"), and what ne_kb_fold() finds in a word. */
enum { NE_KB_CASE_ANY = 0, NE_KB_CASE_CAP, NE_KB_CASE_UPPER };

/* What kind of place an entry is (the place column, docs/kb-format.md). */
enum {
    NE_KB_PLACE_NONE = 0,
    NE_KB_PLACE_COUNTRY,
    NE_KB_PLACE_REGION, /* a US state */
    NE_KB_PLACE_CITY
};

typedef struct ne_kb_entry_s {
    const char *id;   /* NUL-terminated, owned by the KB */
    const char *name; /* canonical name */
    uint32_t id_len, name_len;
    uint8_t type;      /* ne_etype_t */
    uint8_t user;      /* 0: default KB, n: the n-th user file */
    uint8_t place;     /* NE_KB_PLACE_* */
    uint8_t link_only; /* a link target only: the matcher ignores it */
    char cc[2];        /* ISO 3166 country code of a place, else 0 */
    uint32_t region;   /* "CC-REGION" hashed, 0 none; equal for a city and
                        * its region */
    uint32_t population;
} ne_kb_entry_t;

/* An entry a name names, from ne_kb_lookup_all(). */
typedef struct ne_kb_cand_s {
    int32_t entry;
    uint8_t canonical; /* through its canonical name, not an alias */
} ne_kb_cand_t;

/* A type_mask bit of the lookups: link-only entries count too. */
#define NE_KB_LINK_TARGETS 0x100u

/* A KB name found in the token stream. */
typedef struct ne_kb_match_s {
    uint32_t tok_begin, tok_end; /* tokens, end exclusive */
    uint8_t types;               /* bit (1 << type) for each type named */
    uint8_t inflected;           /* the last token had a genitive ending */
    int32_t entry[NE_ENT__CNT];  /* best entry for each type, -1 none */
} ne_kb_match_t;

/* Number of entries and entry idx (0 <= idx < count). */
size_t ne_kb_count(const ne_kb_t *kb);
const ne_kb_entry_t *ne_kb_entry(const ne_kb_t *kb, int32_t idx);

/* Find the longest KB name (of entries that are not link-only) that
 * starts at token tok and ends before token limit, within one sentence
 * of one field, for the document's language.
 * German genitive -s and the possessive 's are accepted on the last token
 * ("Russlands"). Returns 1 and fills *m, or 0 when no name starts there. */
int ne_kb_match_at(const ne_kb_t *kb, const ne_doc_t *doc, uint32_t tok,
                   uint32_t limit, ne_kb_match_t *m);

/* The same over the names of all entries, link-only ones included. */
int ne_kb_match_targets_at(const ne_kb_t *kb, const ne_doc_t *doc,
                           uint32_t tok, uint32_t limit, ne_kb_match_t *m);

/* Mark KB names in doc->tokens, leftmost-longest and without overlap:
 * flags[i] gets NE_KB_B/NE_KB_I bits (flags holds doc->tokens.cnt bytes,
 * written in full). kb may be NULL: all flags are then 0. */
void ne_kb_annotate(const ne_kb_t *kb, const ne_doc_t *doc, uint8_t *flags);

/* The best entry named by text (a mention as written, words separated by
 * white space; case as in running text) among the types in type_mask
 * (bits 1 << ne_etype_t) for language lang. User entries win over default
 * ones, canonical names over aliases; link-only entries only with
 * NE_KB_LINK_TARGETS in type_mask. *inflected (may be NULL) is set when
 * only the genitive-less form matched. Returns the entry index or -1. */
int32_t ne_kb_lookup(const ne_kb_t *kb, const char *text, size_t len,
                     unsigned type_mask, ne_lang_t lang, int *inflected);

/* The same for a name already cut into n word keys (ne_kb_fold, then
 * ne_text_hash) with their case classes cls; gen_key is the key of the
 * last word without its genitive ending, 0 when it has none. */
int32_t ne_kb_lookup_keys(const ne_kb_t *kb, const uint64_t *keys,
                          const uint8_t *cls, size_t n, uint64_t gen_key,
                          unsigned type_mask, ne_lang_t lang, int *inflected);

/* Every entry the name of ne_kb_lookup_keys() names, best first (user
 * entries, then canonical names): the first max go to out. Link-only
 * entries count when type_mask has NE_KB_LINK_TARGETS. Returns how many
 * there are, which may be more than max; 0 when none. */
size_t ne_kb_lookup_all(const ne_kb_t *kb, const uint64_t *keys,
                        const uint8_t *cls, size_t n, uint64_t gen_key,
                        unsigned type_mask, ne_lang_t lang,
                        ne_kb_cand_t *out, size_t max, int *inflected);

/* The key of one word as written (see above) into key (NE_KB_KEY_MAX
 * bytes); returns its length; hash it with ne_text_hash(). *casecls (may
 * be NULL) gets the word's NE_KB_CASE_*: UPPER for two or more letters all
 * upper case, CAP for an upper-case first letter. For KB names and the
 * words of mentions. */
size_t ne_kb_fold(const char *w, size_t n, char *key, uint8_t *casecls);

/* The key hash of a token; *n gets the key's length (the token's norm
 * form is the key, without trailing periods). */
uint64_t ne_kb_token_key(const ne_doc_t *doc, const ne_token_t *t, size_t *n);

/* The case class (NE_KB_CASE_*) of a token, from its flags. */
uint8_t ne_kb_token_case(const ne_token_t *t);

/* Split [p, p+n) into words at blanks (white space, no-break space):
 * offsets and lengths of at most max words. Returns the count. */
size_t ne_kb_split_words(const char *p, size_t n, uint32_t *starts,
                         uint32_t *lens, size_t max);

/* Length of the genitive ending of a key, 0 when none: "'s" and a final
 * apostrophe after s in any language ("Russia's", "Jones'"), and with
 * bare_s (German, or unknown language) a plain -s on four or more
 * letters ("Putins", not "Gas"). */
size_t ne_kb_genitive(const char *key, size_t n, int bare_s);

#endif
