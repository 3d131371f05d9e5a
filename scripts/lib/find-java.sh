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

valbench_jvm_flags() {
  # Sets the array VALBENCH_JVM_FLAGS: the flags every valbench JVM runs with (scripts/valbench and
  # scripts/bench). Every step streams its rows, so the heap a run needs does not grow with the
  # dataset; a fixed 512 MiB ceiling keeps the process small (without it, the JVM sizes its heap
  # from the machine's RAM and grows it to gigabytes of garbage on long runs). Flags in
  # VALBENCH_JAVA_OPTS come later and win, e.g. VALBENCH_JAVA_OPTS=-Xmx2g.
  VALBENCH_JVM_FLAGS=(-Xmx512m --add-opens=java.base/java.nio=ALL-UNNAMED
    --enable-native-access=ALL-UNNAMED -Djava.awt.headless=true)
  # JDK 23+ warns when Arrow and Parquet use sun.misc.Unsafe unless told it is allowed.
  if [ "$(valbench_java_major "$JAVA_HOME/bin/java")" -ge 23 ]; then
    VALBENCH_JVM_FLAGS+=(--sun-misc-unsafe-memory-access=allow)
  fi
}
