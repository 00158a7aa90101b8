# bash completion for pivot
#
# Install (one of):
#   pivot completion bash > ~/.local/share/bash-completion/completions/pivot
#   echo 'eval "$(pivot completion bash)"' >> ~/.bashrc
#
# Candidates come from `pivot __complete -- <words>`, one per line ("word<TAB>description");
# a last line ":files" asks for file names too.
_pivot() {
    local line="${COMP_LINE:0:COMP_POINT}" candidate files=""
    local -a words
    read -r -a words <<< "$line"
    [[ $line == *[[:space:]] ]] && words+=("")
    local current="${words[${#words[@]}-1]}"
    # Readline replaces only the text after the last '=' or ':' of the word (COMP_WORDBREAKS).
    local kept=""
    [[ $current == *[=:]* ]] && kept="${current%"${current##*[=:]}"}"
    COMPREPLY=()
    while IFS= read -r candidate; do
        if [[ $candidate == ":files" ]]; then
            files=1
            continue
        fi
        candidate="${candidate%%$'\t'*}"
        COMPREPLY+=("${candidate#"$kept"}")
    done < <(command pivot __complete -- "${words[@]:1}" 2>/dev/null)
    if [[ -n $files ]]; then
        compopt -o filenames 2>/dev/null
        while IFS= read -r candidate; do
            COMPREPLY+=("$candidate")
        done < <(compgen -f -- "${current#"$kept"}")
    fi
    return 0
}
complete -F _pivot pivot
