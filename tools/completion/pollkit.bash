# bash completion for the pollkit programs (installed once per program name
# under share/bash-completion/completions). Options come from the program's
# own --help, so they never fall out of step with it; after a column-taking
# option (--by, --questions, --weight, --base-weight) the names offered are
# the header of the CSV/TSV file already named on the command line.

# The header fields of the last existing input file on the line (before or
# after the word being completed).
_pollkit_columns()
{
    local i f="" sep=","
    for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
        [ "$i" -eq "$COMP_CWORD" ] && continue
        case ${COMP_WORDS[i]} in
            --tsv) sep=$'\t' ;;
            -*) ;;
            *) case ${COMP_WORDS[i-1]} in
                   --codebook|--targets|--claims|-o|--excluded|--report|--image|--truth|--injected) ;;
                   *) [ -f "${COMP_WORDS[i]}" ] && f=${COMP_WORDS[i]} ;;
               esac ;;
        esac
    done
    [ -n "$f" ] || return 0
    # First line, BOM and CR dropped, quotes removed: names are plain.
    head -n 1 -- "$f" 2>/dev/null | sed -e $'s/^\xef\xbb\xbf//' -e 's/\r$//' -e 's/"//g' | tr "$sep" '\n'
}

_pollkit()
{
    local cur prev words cword
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    case $prev in
        --by|--questions|--weight|--base-weight)
            # A comma list: complete the name after the last comma.
            local head="" tail=$cur
            case $cur in *,*) head=${cur%,*},; tail=${cur##*,} ;; esac
            local IFS=$'\n'
            COMPREPLY=($(compgen -P "$head" -W "$(_pollkit_columns)" -- "$tail"))
            compopt -o nospace 2>/dev/null
            return 0 ;;
        --ci) COMPREPLY=($(compgen -W "logit beta mean wilson" -- "$cur")); return 0 ;;
        --method) COMPREPLY=($(compgen -W "rake linear logit" -- "$cur")); return 0 ;;
        --missing) COMPREPLY=($(compgen -W "fail keep" -- "$cur")); return 0 ;;
        --chart) COMPREPLY=($(compgen -W "bars diverging stacked" -- "$cur")); return 0 ;;
        --terminal) COMPREPLY=($(compgen -W "pngcairo svg pdfcairo" -- "$cur")); return 0 ;;
        --format) COMPREPLY=($(compgen -W "csv tsv table xlsx" -- "$cur")); return 0 ;;
    esac
    if [[ $cur == -* ]]; then
        local opts
        opts=$("${COMP_WORDS[0]}" --help 2>/dev/null | grep -o -- '--[a-z][a-z0-9-]*' | sort -u)
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return 0
    fi
    COMPREPLY=($(compgen -f -- "$cur"))
    compopt -o filenames 2>/dev/null
    return 0
}

complete -F _pollkit pollsynth pollcodebook pollclean pollweight pollsupport polltable pollplot pollclaim
