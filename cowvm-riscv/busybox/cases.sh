# cases.sh: what busybox's shell must do on cowvm, run as `busybox sh cases.sh` in an
# empty, writable current directory, with busybox's applets only (no other program
# on the PATH). cases.out beside it is what it printed under qemu-riscv64.
# Every applet that is not built into ash runs in a child that re-executes
# /proc/self/exe; the comments name the mechanism each line needs.

# a pipeline of two processes
echo hi | cat
# four stages; each applet re-executes /proc/self/exe
echo one two three | tr ' ' '\n' | sort -r | head -n 2
seq 1 100 | grep 7 | wc -l
# command substitution, nested
x=$(echo inner | tr a-z A-Z); echo "command substitution: $x"
echo "nested: $(echo "$(echo deep)")"
# subshells: their directory and variables do not leak out
mkdir d
here=$(pwd)
(cd d && echo "subshell in $(basename "$(pwd)")")
[ "$(pwd)" = "$here" ] && echo "the subshell's cd stayed in the subshell"
v=1; (v=2; echo "subshell v=$v"); echo "outer v=$v"
# redirections
echo a > f; echo b >> f; cat < f
wc -l < f
cat f nosuch 2> err; echo "cat status $?"; cat err
exec 3> g; echo "through descriptor 3" >&3; exec 3>&-; cat g
cat <<END
here-document line 1
here-document $x
END
# exit codes
sh -c 'exit 7'; echo "sh -c 'exit 7': $?"
false; echo "false: $?"
! true; echo "! true: $?"
true | false; echo "true | false: $?"
nosuchcommand 2> /dev/null; echo "a missing command: $?"
sh -c 'kill -9 $$' 2> /dev/null; echo "killed by SIGKILL: $?"
(set -e; false; echo "not printed"); echo "set -e in a subshell: $?"
f() { return 3; }; f; echo "a function: $?"
# signals and traps
sh -c 'trap "echo got USR1" USR1; kill -USR1 $$; echo after the trap'
(trap 'echo exit trap ran' EXIT; true)
# a background job, and wait for it
sleep 0 & wait $!; echo "background job: $?"
# applets that re-execute /proc/self/exe with arguments and an environment
echo x y | xargs echo xargs:
env -i A=1 B=two env | sort
basename "$(readlink /proc/self/exe)"
# loops, arithmetic, string operations
i=0; while [ $i -lt 5 ]; do i=$((i + 1)); done; echo "i=$i"
for w in a b c; do printf '%s-' "$w"; done; echo
p=dir/name.ext; echo "${p##*/} ${p%.*} ${#p}"
case "$p" in *.ext) echo "case matched" ;; *) echo "case missed" ;; esac
rm -r d f g err
ls
echo "cases: done"
