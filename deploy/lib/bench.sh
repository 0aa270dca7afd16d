# shellcheck shell=bash
# `deploy/stack bench NAME`: the benchmarks, run against the stack `up` started. Each prints its
# figures and writes them as JSON under system-tests/target/bench/. Sourced by deploy/stack.

BENCHMARKS="reconciliation:io.provisioning.bench.ReconciliationBenchmark connector:io.provisioning.bench.ConnectorBenchmark ingest:io.provisioning.bench.IngestBenchmark audit:io.provisioning.bench.AuditBenchmark policy:io.provisioning.bench.PolicyBenchmark preview:io.provisioning.bench.PreviewBenchmark"

cmd_bench() {
    local name=${1:-} entry main="" name_of
    for entry in $BENCHMARKS; do
        name_of=${entry%%:*}
        [[ $name_of == "$name" ]] && main=${entry#*:}
    done
    [[ -n $main ]] || die "usage: deploy/stack bench NAME [-Dbench.x=y ...] (benchmarks: reconciliation, connector, ingest, audit, policy, preview)"
    shift
    local svc
    for svc in $(service_names); do
        [[ $(http_code "$(service_health_url "$svc")") == 200 ]] || die "$svc is not ready: run deploy/stack up first"
    done
    info "building the load generator (system-tests)"
    (cd "$ROOT" && mvn -q -B -pl system-tests -am package -DskipTests) || die "the build failed"
    local classpath
    classpath=$(cd "$ROOT" && mvn -q -B -pl system-tests dependency:build-classpath \
        -Dmdep.includeScope=runtime -Dmdep.outputFile=/dev/stdout) || die "cannot resolve the classpath"
    (cd "$ROOT/system-tests" && java -Xmx1g "$@" -cp "target/classes:$classpath" "$main")
}

# `deploy/stack demo`: the lifecycle story played on the running stack, each step printed.
cmd_demo() {
    local svc
    for svc in $(service_names); do
        [[ $(http_code "$(service_health_url "$svc")") == 200 ]] || die "$svc is not ready: run deploy/stack up first"
    done
    info "building the demo (system-tests)"
    (cd "$ROOT" && mvn -q -B -pl system-tests -am package -DskipTests) || die "the build failed"
    local classpath
    classpath=$(cd "$ROOT" && mvn -q -B -pl system-tests dependency:build-classpath \
        -Dmdep.includeScope=runtime -Dmdep.outputFile=/dev/stdout) || die "cannot resolve the classpath"
    (cd "$ROOT/system-tests" && java -Xmx256m "$@" -cp "target/classes:$classpath" io.provisioning.demo.LifecycleDemo)
}
