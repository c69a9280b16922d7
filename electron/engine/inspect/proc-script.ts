// The program the inspector's helper container runs: a bash loop that reads one request line per
// refresh and answers from /proc, seen from the engine's side (the helper lives in the host PID
// namespace, so this works where the engine runs in a VM too).
//
// Protocol, one record per line, fields separated by tabs (control characters in names and
// arguments are replaced by `?`, so a record never spans lines):
//   helper → `R <bash version>` once, when it is ready for requests
//   request: `<seq> <container-id> <container-id> …` (full 64-hex ids)
//   answer:  `P <container-id> <pid> <state> <ppid> <pgid> <sid> <starttime> <NSpid,…> <NSpgid,…> <comm> <args>`
//            for every process whose /proc/<pid>/cgroup names one of the ids, each followed by
//            `T <pid> <tid> <comm>` for every other thread of a process with more than one (the
//            main thread, tid = pid, is the process itself), then
//            `N /proc/<pid>/ns <type> <link>` for each namespace link of those processes (link empty
//            when unreadable: a zombie has only pid and user left, missing privileges leave none),
//            `D <pid>` for a process whose /proc/<pid>/ns directory the helper may not list,
//            then `E <seq>`.
// Per process only bash builtins run ($(< file), mapfile, read, printf -v); ONE `find` reads every
// namespace link of the refresh. Threads cost nothing for a single-threaded process: the thread
// count is a field of the stat line already read, and only when it is above 1 are task/*/comm read.
// The helper exits on EOF or after `idleSeconds` without a request, and the engine removes it
// (AutoRemove): a Podlab process that dies leaks nothing for long.

/** Seconds the helper waits for a request before it exits. */
export const HELPER_IDLE_SECONDS = 120;

export function helperScript(idleSeconds = HELPER_IDLE_SECONDS): string {
  // `\${` is bash's `${`; `\\t` reaches bash as `\t` inside printf formats.
  return `# Podlab inspector helper (see electron/engine/inspect/proc-script.ts)
exec 2>/dev/null
re='[0-9a-f]{64}'
x='[0-9a-f]'
hex16="$x$x$x$x$x$x$x$x$x$x$x$x$x$x$x$x"
declare -A want
nsi=0
printf 'R\\t%s\\n' "$BASH_VERSION"
while read -r -t ${idleSeconds} -a req; do
  seq=\${req[0]}
  want=()
  for id in "\${req[@]:1}"; do want[$id]=1; done
  ns=() out=
  for d in /proc/[0-9]*; do
    # $(< file) reads without forking; a cheap glob skips the host's processes before the regex.
    cg=$(< "$d/cgroup")
    [[ $cg == *$hex16* ]] || continue
    cid=
    # Usually the id is the last component of the first line (cgroupfs /docker/<id>, systemd
    # docker-<id>.scope, cgroup v2 alike); bash recompiles a regex each time, so it is the
    # fallback that finds any 64-hex id anywhere (nested cgroups, other layouts).
    c=\${cg%%$'\\n'*}
    c=\${c##*/}
    c=\${c%.scope}
    c=\${c##*-}
    if ((\${#c} == 64)) && [[ $c != *[!0-9a-f]* ]]; then
      [[ \${want[$c]+x} ]] && cid=$c
    else
      while [[ $cg =~ $re ]]; do
        m=\${BASH_REMATCH[0]}
        if [[ \${want[$m]+x} ]]; then cid=$m; break; fi
        cg=\${cg#*"$m"}
      done
    fi
    [[ $cid ]] || continue
    st=$(< "$d/stat")
    # comm may hold spaces and parentheses: it ends at the LAST ')', which lies in the first
    # 128 characters (pid + a comm of at most 15 bytes); looking only there keeps it cheap.
    h=\${st:0:128}
    r=\${h##*)}
    [[ $r != "$h" ]] || continue
    p=$(( \${#h} - \${#r} ))
    comm=\${h:0:p-1}
    comm=\${comm#*(}
    f=(\${st:p})
    # NSpid and NSpgid sit on the same lines of every status file: find them once.
    mapfile -t -n 32 sl < "$d/status"
    if [[ \${sl[nsi]} != NSpid:* ]]; then
      for ((nsi = 0; nsi < \${#sl[@]}; nsi++)); do [[ \${sl[nsi]} == NSpid:* ]] && break; done
    fi
    nspid= nspgid=
    [[ \${sl[nsi]} == NSpid:* ]] && nspid=\${sl[nsi]#NSpid:?}
    [[ \${sl[nsi+1]} == NSpgid:* ]] && nspgid=\${sl[nsi+1]#NSpgid:?}
    argv=()
    mapfile -d '' argv < "$d/cmdline"
    args="\${argv[*]}"
    printf -v line 'P\\t%s\\t%s\\t%s\\t%s\\t%s\\t%s\\t%s\\t%s\\t%s\\t%s\\t%s\\n' "$cid" "\${d#/proc/}" "\${f[0]}" "\${f[1]}" "\${f[2]}" "\${f[3]}" "\${f[19]}" \\
      "\${nspid//[[:space:]]/,}" "\${nspgid//[[:space:]]/,}" "\${comm//[[:cntrl:]]/?}" "\${args//[[:cntrl:]]/?}"
    out+=$line
    # stat field 20 (f[17]) is the number of threads: read their names only when there are others.
    n=\${f[17]}
    if [[ $n && $n != *[!0-9]* ]] && ((n > 1)); then
      for t in "$d"/task/[0-9]*; do
        tid=\${t##*/}
        [[ $tid == "\${d#/proc/}" ]] && continue
        # A thread that ended since the glob has no comm left: skip it.
        IFS= read -r tc < "$t/comm" || continue
        printf -v line 'T\\t%s\\t%s\\t%s\\n' "\${d#/proc/}" "$tid" "\${tc//[[:cntrl:]]/?}"
        out+=$line
      done
    fi
    ns+=("$d/ns")
    # A namespace directory this helper may not list (it lacks CAP_DAC_READ_SEARCH) would look
    # like a process that vanished; say so instead.
    if [[ ! -r $d/ns && -e $d/ns ]]; then
      printf -v line 'D\\t%s\\n' "\${d#/proc/}"
      out+=$line
    fi
  done
  printf '%s' "$out"
  if ((\${#ns[@]})); then
    find "\${ns[@]}" -mindepth 1 -maxdepth 1 -type l ! -name '*_for_children' -printf 'N\\t%h\\t%f\\t%l\\n'
  fi
  printf 'E\\t%s\\n' "$seq"
done
`;
}

/** One request line: the sequence number, then the container ids whose processes are wanted. */
export function requestLine(seq: number, containerIds: readonly string[]): string {
  for (const id of containerIds) {
    if (!/^[0-9a-f]{64}$/.test(id)) throw new Error(`not a full container id: ${id}`);
  }
  return `${seq} ${containerIds.join(' ')}\n`;
}
