#!/usr/bin/env bash
# Runs one container the way a container runtime would, without one: in a private mount namespace
# (unshare -m) it builds the container's root filesystem on a tmpfs, mounts the volumes the plan names,
# makes the root read-only when the container asks for it, chroots, drops to the container's uid, gid
# and supplementary groups with no capabilities, and executes the command. Needs root to set up.
#
#   run-container.sh ROOT PLAN UID GID GROUPS WORKDIR READONLY_ROOT -- COMMAND...
#
# ROOT is an empty directory to build the root filesystem on (a tmpfs, gone with the namespace); GROUPS is a
# comma list of supplementary group ids, empty for none.
#
# PLAN has one mount a line: "ro|rw HOST_PATH CONTAINER_PATH" (a directory or a file).
# The environment is passed to the command as it is.
set -euo pipefail
root=$1 plan=$2 uid=$3 gid=$4 groups=$5 workdir=$6 readonly_root=$7
shift 7
[ "$1" = "--" ] && shift

/usr/bin/mount -t tmpfs -o mode=0755 container-root "$root"

# The image's operating system: the host's /usr, read-only, with the usual merged-/usr links.
mkdir -p "$root"/{usr,etc,dev,proc,sys,tmp,run,var}
for link in bin lib lib64 sbin; do
  [ -L "/$link" ] && ln -s "$(readlink "/$link")" "$root/$link"
done
/usr/bin/mount --rbind -o ro /usr "$root/usr"
/usr/bin/mount -o remount,bind,ro "$root/usr"
for file in passwd group hosts resolv.conf nsswitch.conf localtime; do
  if [ -e "/etc/$file" ]; then
    touch "$root/etc/$file"
    /usr/bin/mount --bind -o ro "/etc/$file" "$root/etc/$file"
  fi
done
/usr/bin/mount --rbind /proc "$root/proc"
/usr/bin/mount --rbind -o ro /sys "$root/sys"
# A minimal /dev, as a runtime gives a container.
/usr/bin/mount -t tmpfs -o mode=0755 container-dev "$root/dev"
for node in null zero random urandom full tty; do
  touch "$root/dev/$node"
  /usr/bin/mount --bind "/dev/$node" "$root/dev/$node"
done
ln -s /proc/self/fd "$root/dev/fd"
chmod 1777 "$root/tmp"

while read -r mode source target; do
  [ -z "$mode" ] && continue
  if [ -d "$source" ]; then
    mkdir -p "$root$target"
  else
    mkdir -p "$(dirname "$root$target")"
    touch "$root$target"
  fi
  /usr/bin/mount --bind "$source" "$root$target"
  if [ "$mode" = ro ]; then
    /usr/bin/mount -o remount,bind,ro "$root$target"
  fi
done <"$plan"

if [ "$readonly_root" = true ]; then
  /usr/bin/mount -o remount,ro "$root"
fi

if [ -n "$groups" ]; then group_flag=--groups="$groups"; else group_flag=--clear-groups; fi
exec /usr/sbin/chroot "$root" /usr/bin/setpriv --reuid="$uid" --regid="$gid" "$group_flag" \
  --inh-caps=-all --bounding-set=-all --no-new-privs \
  -- /usr/bin/env --chdir="$workdir" -- "$@"
