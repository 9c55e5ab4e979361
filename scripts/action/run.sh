#!/usr/bin/env bash
# action.yml, step 3: run the command; markdown goes to the job summary and, for `diff` on a
# pull request, into one comment kept up to date (marked, so that reruns edit it).
set -uo pipefail
command=$ATRIUM_COMMAND
case "$command" in validate | diff | reconcile | access) ;; *)
  echo "::error::command must be validate, diff, reconcile or access, not '$command'"
  exit 64
  ;;
esac
arguments=()
[ -n "${ATRIUM_PATH:-}" ] && arguments+=(--path "$ATRIUM_PATH")
read -r -a extra <<< "${ATRIUM_ARGS:-}"
format=()
case "$command" in
  validate) format=(--format github) ;;
  diff | reconcile) format=(--format markdown) ;;
esac
output=$(mktemp)
atrium "$command" "${arguments[@]}" "${format[@]}" "${extra[@]}" > "$output"
status=$?
cat "$output"
if [ "$command" != validate ] && [ -s "$output" ]; then
  cat "$output" >> "$GITHUB_STEP_SUMMARY"
fi
echo "exit-code=$status" >> "$GITHUB_OUTPUT"
if [ "$command" = diff ] && [ "${ATRIUM_EVENT:-}" = pull_request ] && [ -n "${ATRIUM_PR:-}" ] && [ -n "${GH_TOKEN:-}" ] \
  && command -v gh > /dev/null; then
  marker="<!-- atrium-diff -->"
  body="$marker"$'\n'"$(cat "$output")"
  existing=$(gh api "repos/$GITHUB_REPOSITORY/issues/$ATRIUM_PR/comments" --paginate \
    --jq ".[] | select(.body | startswith(\"$marker\")) | .id" | head -1)
  if [ -n "$existing" ]; then
    gh api --method PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$existing" -f body="$body" > /dev/null
  else
    gh api --method POST "repos/$GITHUB_REPOSITORY/issues/$ATRIUM_PR/comments" -f body="$body" > /dev/null
  fi
fi
exit "$status"
