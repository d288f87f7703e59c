/*
 * libFuzzer target: the config loader (config/config.c).
 *
 * The input is a config file, handed to ne_config_load() through a memfd
 * so that the real file path is exercised. Asserts: a rejected file comes
 * with a message naming the file; an accepted one dumps (check-config) as
 * valid JSON.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config/config.h"
#include "fuzz_check.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* fixed values for ${VAR} references the fuzzer may invent */
    setenv("HOSTNAME", "fuzz-host", 1);
    setenv("NE_FUZZ_VAR", "x", 1);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64], errstr[1024];
    ne_config_t *conf;
    ne_buf_t dump;
    json_error_t jerr;
    json_t *v;
    int fd = memfd_create("fuzz-config", 0);

    if (fd < 0)
        ne_fuzz_fail("memfd_create failed");
    if (size && write(fd, data, size) != (ssize_t)size)
        ne_fuzz_fail("write to memfd failed");
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    errstr[0] = '\0';
    conf = ne_config_load(path, errstr, sizeof(errstr));
    if (!conf) {
        if (strncmp(errstr, path, strlen(path)))
            ne_fuzz_fail("config error does not name the file: %s", errstr);
        goto done;
    }
    ne_buf_init(&dump);
    ne_config_dump(conf, &dump);
    if (!(v = json_loadb(dump.data, dump.len, JSON_REJECT_DUPLICATES, &jerr)))
        ne_fuzz_fail("check-config output is not JSON: %s", jerr.text);
    json_decref(v);
    ne_buf_free(&dump);
    ne_config_destroy(conf);
done:
    close(fd);
    return 0;
}
