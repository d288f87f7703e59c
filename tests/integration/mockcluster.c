/*
 * ne-mockcluster - hosts librdkafka's mock cluster in a process of its own,
 * so that a separately started newsenrich worker can connect to it, and
 * takes fault-injection commands on stdin (the control API only works in
 * the process that owns the cluster).
 *
 *   ne-mockcluster BROKERS
 * prints {"bootstrap": "..."} and then answers each command line with
 * "ok" or "error: ...":
 *   topic NAME PARTITIONS              create a topic
 *   errors APIKEY COUNT ERR            the next COUNT requests of APIKEY
 *                                      (cluster-wide) fail with ERR (number)
 *   rtt BROKER APIKEY COUNT MS         the next COUNT requests of APIKEY on
 *                                      BROKER take MS milliseconds
 *   brokererrors BROKER APIKEY COUNT ERR  like errors, on one broker
 *   stack BROKER APIKEY                answers "ok N": injected responses of
 *                                      BROKER for APIKEY not yet used
 *   coordinator group|transaction KEY BROKER
 *   leader TOPIC PARTITION BROKER
 *   down BROKER / up BROKER
 *   quit
 */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    rd_kafka_conf_t *c = rd_kafka_conf_new();
    rd_kafka_mock_cluster_t *mc;
    rd_kafka_t *rk;
    char err[512], line[1024];
    int brokers = argc > 1 ? atoi(argv[1]) : 1;

    rd_kafka_conf_set(c, "log_level", "3", NULL, 0);
    if (!(rk = rd_kafka_new(RD_KAFKA_PRODUCER, c, err, sizeof(err)))) {
        fprintf(stderr, "ne-mockcluster: %s\n", err);
        return 1;
    }
    if (!(mc = rd_kafka_mock_cluster_new(rk, brokers))) {
        fprintf(stderr, "ne-mockcluster: cannot create the cluster\n");
        return 1;
    }
    printf("{\"bootstrap\": \"%s\"}\n", rd_kafka_mock_cluster_bootstraps(mc));
    fflush(stdout);

    while (fgets(line, sizeof(line), stdin)) {
        char a[256], b[256];
        int x, y, z, ok = 1;
        if (sscanf(line, "topic %255s %d", a, &x) == 2)
            ok = !rd_kafka_mock_topic_create(mc, a, x, brokers < 3 ? brokers : 3);
        else if (sscanf(line, "errors %d %d %d", &x, &y, &z) == 3) {
            rd_kafka_resp_err_t *errs = calloc((size_t)y, sizeof(*errs));
            int i;
            for (i = 0; i < y; i++)
                errs[i] = (rd_kafka_resp_err_t)z;
            rd_kafka_mock_push_request_errors_array(mc, (int16_t)x, (size_t)y,
                                                    errs);
            free(errs);
        } else if (sscanf(line, "rtt %d %d %d %d", &x, &y, &z, &ok) == 4) {
            int i, ms = ok;
            ok = 1;
            for (i = 0; i < z && ok; i++)
                ok = !rd_kafka_mock_broker_push_request_error_rtts(
                    mc, x, (int16_t)y, 1, RD_KAFKA_RESP_ERR_NO_ERROR, ms);
        } else if (sscanf(line, "brokererrors %d %d %d %d", &x, &y, &z, &ok) ==
                   4) {
            int i, e = ok;
            ok = 1;
            for (i = 0; i < z && ok; i++)
                ok = !rd_kafka_mock_broker_push_request_error_rtts(
                    mc, x, (int16_t)y, 1, (rd_kafka_resp_err_t)e, 0);
        } else if (sscanf(line, "stack %d %d", &x, &y) == 2) {
            size_t n = 0;
            if (rd_kafka_mock_broker_error_stack_cnt(mc, x, (int16_t)y, &n))
                printf("error: no such broker\n");
            else
                printf("ok %zu\n", n);
            fflush(stdout);
            continue;
        } else if (sscanf(line, "coordinator %255s %255s %d", a, b, &x) == 3)
            ok = !rd_kafka_mock_coordinator_set(mc, a, b, x);
        else if (sscanf(line, "leader %255s %d %d", a, &x, &y) == 3)
            ok = !rd_kafka_mock_partition_set_leader(mc, a, x, y);
        else if (sscanf(line, "down %d", &x) == 1)
            ok = !rd_kafka_mock_broker_set_down(mc, x);
        else if (sscanf(line, "up %d", &x) == 1)
            ok = !rd_kafka_mock_broker_set_up(mc, x);
        else if (!strncmp(line, "quit", 4))
            break;
        else {
            printf("error: unknown command\n");
            fflush(stdout);
            continue;
        }
        printf(ok ? "ok\n" : "error: command failed\n");
        fflush(stdout);
    }
    rd_kafka_mock_cluster_destroy(mc);
    rd_kafka_destroy(rk);
    return 0;
}
