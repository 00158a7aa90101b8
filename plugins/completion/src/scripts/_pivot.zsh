#compdef pivot
# zsh completion for pivot
#
# Install (one of):
#   pivot completion zsh > ~/.zfunc/_pivot     with  fpath=(~/.zfunc $fpath)  before compinit in ~/.zshrc
#   echo 'eval "$(pivot completion zsh)"' >> ~/.zshrc     (after compinit)
#
# Candidates come from `pivot __complete -- <words>`, one per line ("word<TAB>description");
# a last line ":files" asks for file names too.
_pivot() {
  local -a specs
  local line value kept="" files=0
  # `--option=value`: complete the value after the '='.
  [[ $PREFIX == -*=* ]] && kept="${PREFIX%%=*}="
  for line in "${(@f)$(command pivot __complete -- "${(@)words[2,CURRENT-1]}" "$PREFIX" 2>/dev/null)}"; do
    [[ -z $line ]] && continue
    if [[ $line == ":files" ]]; then
      files=1
      continue
    fi
    value="${${line%%$'\t'*}#$kept}"
    if [[ $line == *$'\t'* ]]; then
      specs+=("${value//:/\\:}:${line#*$'\t'}")
    else
      specs+=("${value//:/\\:}")
    fi
  done
  [[ -n $kept ]] && compset -P '*='
  (( ${#specs} )) && _describe -t values pivot specs
  (( files )) && _files
  return 0
}

if [[ ${funcstack[1]} == _pivot ]]; then
  _pivot "$@"
else
  compdef _pivot pivot
fi
