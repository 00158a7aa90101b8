# fish completion for pivot
#
# Install:
#   pivot completion fish > ~/.config/fish/completions/pivot.fish
#
# Candidates come from `pivot __complete -- <words>`, one per line ("word<TAB>description");
# a last line ":files" asks for file names too.
function __pivot_complete
    set -l words (commandline -opc)
    set -e words[1]
    set -l current (commandline -ct)
    # `--option=value`: paths are completed after the '='.
    set -l kept (string match -r -- '^-[^=]*=' "$current")
    for line in (command pivot __complete -- $words "$current" 2>/dev/null)
        if test "$line" = ":files"
            for path in (__fish_complete_path (string replace -r -- '^-[^=]*=' '' "$current"))
                printf '%s%s\n' "$kept" "$path"
            end
        else
            printf '%s\n' "$line"
        end
    end
end

complete -c pivot -f -a '(__pivot_complete)'
