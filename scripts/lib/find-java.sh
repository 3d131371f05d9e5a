# Sourced by scripts/valbench, scripts/test and .ci/run: picks a JDK >= 21 and exports JAVA_HOME.
# Order: $JAVA_HOME when new enough, then the usual install locations, newest first. PATH is
# never trusted: many machines keep an older default java.

valbench_java_major() {
  # Prints the feature version of the java binary given as $1 (e.g. 17, 21, 25), or nothing.
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

valbench_find_java() {
  local min=21 candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(valbench_java_major "$JAVA_HOME/bin/java")
    if [ -n "$major" ] && [ "$major" -ge "$min" ]; then
      export JAVA_HOME
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home \
      "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(valbench_java_major "$candidate/bin/java")
    [ -n "$major" ] || continue
    if [ "$major" -ge "$min" ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    echo "valbench: no JDK ${min} or newer found (JAVA_HOME=${JAVA_HOME:-unset}; looked in /usr/lib/jvm," \
      "/usr/java, /opt, /Library/Java/JavaVirtualMachines, ~/.sdkman, ~/.jdks). Install one or set JAVA_HOME." >&2
    return 1
  fi
  JAVA_HOME=$(cd "$best" && pwd -P)
  export JAVA_HOME
}

valbench_pom_property() {
  # Prints the value of the one-line property <$1>...</$1> of pom.xml (empty when absent).
  sed -n "s:^ *<$1>\(.*\)</$1> *\$:\1:p" "$(dirname "${BASH_SOURCE[0]}")/../../pom.xml" | head -n 1
}

valbench_jvm_flags() {
  # Sets the arrays VALBENCH_JVM_HEAP (the heap ceiling of a run) and VALBENCH_JVM_FLAGS (every
  # other flag) for the JVM of $JAVA_HOME, from the properties valbench.jvm.heap,
  # valbench.jvm.flags and (JDK 23+) valbench.jvm.flags.jdk23 of pom.xml, the one list of them.
  # A valbench run gets both (scripts/valbench); a JVM that is not a run (the benchmark's own) only
  # VALBENCH_JVM_FLAGS. Flags in VALBENCH_JAVA_OPTS come later and win, e.g. VALBENCH_JAVA_OPTS=-Xmx2g.
  local heap flags jdk23
  heap=$(valbench_pom_property valbench.jvm.heap)
  flags=$(valbench_pom_property valbench.jvm.flags)
  jdk23=$(valbench_pom_property valbench.jvm.flags.jdk23)
  if [ -z "$heap" ] || [ -z "$flags" ] || [ -z "$jdk23" ]; then
    echo "valbench: pom.xml lacks a one-line valbench.jvm.heap, valbench.jvm.flags or" \
      "valbench.jvm.flags.jdk23 property" >&2
    return 1
  fi
  # shellcheck disable=SC2206 # each property is a space-separated list of flags
  VALBENCH_JVM_HEAP=($heap)
  # shellcheck disable=SC2206
  VALBENCH_JVM_FLAGS=($flags)
  if [ "$(valbench_java_major "$JAVA_HOME/bin/java")" -ge 23 ]; then
    # shellcheck disable=SC2206
    VALBENCH_JVM_FLAGS+=($jdk23)
  fi
}
