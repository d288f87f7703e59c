/*
 * libFuzzer target: the whole processor (ne_processor_run), as a worker
 * runs it on one Kafka message.
 *
 * Asserts: accepted input gives records that parse as JSON, carry their
 * schema, and whose spans lie inside their field on character boundaries
 * with the right text; per-entity and per-claim records equal the
 * article's objects; rejected input gives a per-message error class with
 * a reason.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"

static ne_processor_t *proc;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    ne_processor_conf_t conf;
    char err[512];

    (void)argc;
    (void)argv;
    ne_processor_conf_init(&conf);
    /* the processor reads no variable: the harness resolves the directory */
    conf.models_dir = getenv("NEWSENRICH_MODELS_DIR");
    if (!conf.models_dir || !*conf.models_dir)
        conf.models_dir = NE_SOURCE_DIR "/models";
    conf.max_message_bytes = 1 << 20;
    conf.max_decompressed_bytes = 4 << 20;
    if (!(proc = ne_processor_new(&conf, err, sizeof(err)))) {
        fprintf(stderr, "fuzz_processor: %s\n", err);
        exit(1);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ne_result_t *res;
    ne_input_t in;
    ne_err_t err;

    if (!res)
        res = ne_result_new();
    memset(&in, 0, sizeof(in));
    in.payload = data;
    in.len = size;
    in.topic = "news.raw";
    in.partition = 3;
    in.offset = 42;
    in.timestamp_ms = -1;
    err = ne_processor_run(proc, &in, res);
    if (err == NE_OK)
        ne_fuzz_check_outputs(ne_result_outputs(res));
    else
        ne_fuzz_check_error(err, ne_result_reason(res));
    return 0;
}
