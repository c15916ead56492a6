# Sourced by the bench scripts. Long steps run in the background while the script waits: bash handles a signal
# only between foreground commands, but at once during `wait`. CHILD is the step running now, for the caller's
# cleanup to stop first on exit.
CHILD=
interruptible() {  # command...
  "$@" &
  CHILD=$!
  local status=0
  wait "$CHILD" || status=$?
  CHILD=
  return "$status"
}
