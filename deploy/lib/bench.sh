# shellcheck shell=bash
# `deploy/stack bench NAME`: the benchmarks, run against the stack `up` started. Each prints its
# figures and writes them as JSON under system-tests/target/bench/. Sourced by deploy/stack.

BENCHMARKS="e2e:io.provisioning.bench.EndToEndBenchmark reconciliation:io.provisioning.bench.ReconciliationBenchmark connector:io.provisioning.bench.ConnectorBenchmark ingest:io.provisioning.bench.IngestBenchmark audit:io.provisioning.bench.AuditBenchmark policy:io.provisioning.bench.PolicyBenchmark preview:io.provisioning.bench.PreviewBenchmark requests:io.provisioning.bench.RequestsBenchmark reviews:io.provisioning.bench.ReviewsBenchmark scim-inbound:io.provisioning.bench.ScimInboundBenchmark"

cmd_bench() {
    local name=${1:-} entry main="" name_of
    for entry in $BENCHMARKS; do
        name_of=${entry%%:*}
        [[ $name_of == "$name" ]] && main=${entry#*:}
    done
    [[ -n $main ]] || die "usage: deploy/stack bench NAME [-Dbench.x=y ...] (benchmarks: e2e, reconciliation, connector, ingest, audit, policy, preview, requests, reviews, scim-inbound)"
    shift
    local svc
    for svc in $(service_names); do
        # a benchmark may not need every service (the policy benchmark stops two itself)
        [[ $(http_code "$(service_health_url "$svc")") == 200 ]] || warn "$svc is not ready (deploy/stack up starts it)"
    done
    local load_generator_jvm=()
    if [[ $name == e2e || $name == scim-inbound ]]; then
        # The load generator shares the cores with the stack it measures: C1 and the serial
        # collector keep its own compiling and collecting out of the phases (docs/performance.md);
        # scim-inbound's bodies of a megabyte each would be humongous allocations for G1.
        load_generator_jvm=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
    fi
    # where the end-to-end benchmark finds the processes to sample and Kafka's own tools
    run_system_tests_main "$main" "${load_generator_jvm[@]}" "-Dstack.root=$ROOT" "-Dstack.pids=$PID_DIR" \
        "-Dkafka.libs=$KAFKA_LIBS" "$@"
}

# `deploy/stack demo`: the lifecycle story played on the running stack, each step printed; its last
# line is the ops console's page of the worker it follows.
cmd_demo() {
    local svc
    for svc in $(service_names); do
        [[ $(http_code "$(service_health_url "$svc")") == 200 ]] || die "$svc is not ready: run deploy/stack up first"
    done
    run_system_tests_main io.provisioning.demo.LifecycleDemo "$@"
}

# The demo workforce (deploy/demo/workforce.csv, 50 workers) as an HR snapshot, once per data
# directory, with a summary of the accounts per target and one audit trace. A failure is reported,
# it does not stop the stack.
load_demo_workforce() {
    local marker="$DATA_DIR/demo-workforce.loaded"
    if [[ -f $marker ]]; then
        info "demo workforce: loaded before (deploy/stack demo plays the lifecycle story)"
        return 0
    fi
    info "demo workforce: loading deploy/demo/workforce.csv"
    if run_system_tests_main io.provisioning.demo.DemoWorkforce "-Ddemo.workforce=$ROOT/deploy/demo/workforce.csv"; then
        touch "$marker"
    else
        warn "the demo workforce was not loaded; deploy/stack up tries again"
    fi
}

# Builds system-tests (the load generators and the demo) and runs one of its main classes.
run_system_tests_main() {
    local main=$1
    shift
    info "building the load generators and the demo (system-tests)"
    (cd "$ROOT" && mvn -q -B -pl system-tests -am package -DskipTests) || { warn "the build failed"; return 1; }
    local classpath
    # written by the package phase (system-tests/pom.xml), with the reactor's own jars in it
    classpath=$(<"$ROOT/system-tests/target/runtime-classpath.txt") || { warn "cannot resolve the classpath"; return 1; }
    (cd "$ROOT/system-tests" && java -Xmx512m "$@" -cp "target/classes:$classpath" "$main")
}
