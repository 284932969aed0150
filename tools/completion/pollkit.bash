# bash completion for the pollkit programs (installed once per program name
# under share/bash-completion/completions).
#
# Everything offered comes from the program itself, never from raw bytes
# of a file: its options, their kinds and their choices from its option
# table (`PROG --list-options`, a hidden option that prints the table
# --help is made from); column names from `PROG --list-columns FILE`,
# question codes from `PROG --list-questions FILE` and group names from
# `PROG --list-groups FILE`, which read FILE with the program's own readers
# (CSV, TSV with --tsv, SPSS and Stata files) and print each name followed
# by a NUL byte.
#
# Nothing offered is ever expanded or run: names are compared with what is
# typed as literal text (no `compgen -W`, no eval), and each is quoted for
# the shell (printf %q) before it goes into COMPREPLY, so that a column
# named `$(rm -rf ~)` is offered, and inserted, as exactly those characters.

# The option table of program $1, into the arrays _pollkit_name,
# _pollkit_letter, _pollkit_kind, _pollkit_flags and _pollkit_choices.
_pollkit_table()
{
    local name letter kind flags choices
    _pollkit_name=() _pollkit_letter=() _pollkit_kind=() _pollkit_flags=() _pollkit_choices=()
    while IFS=$'\t' read -r name letter kind flags choices; do
        [[ $name == - ]] && continue   # the operand
        _pollkit_name+=("$name")
        _pollkit_letter+=("$letter")
        _pollkit_kind+=("$kind")
        _pollkit_flags+=("$flags")
        _pollkit_choices+=("$choices")
    done < <("$1" --list-options 2>/dev/null)
    ((${#_pollkit_name[@]} > 0))
}

# The table index of the option word $1 (--name, an unambiguous prefix of
# one, --name=VALUE, -x) in _pollkit_found, or -1. Hidden options count
# only when typed in full, as the programs take them.
_pollkit_find()
{
    local w=$1 i n=-1 count=0
    _pollkit_found=-1
    if [[ $w == --?* ]]; then
        w=${w#--}
        w=${w%%=*}
        for i in "${!_pollkit_name[@]}"; do
            if [[ ${_pollkit_name[i]} == "$w" ]]; then
                _pollkit_found=$i
                return
            fi
            [[ ,${_pollkit_flags[i]}, == *,hidden,* ]] && continue
            if [[ ${_pollkit_name[i]} == "$w"* ]]; then
                n=$i
                count=$((count + 1))
            fi
        done
        ((count == 1)) && _pollkit_found=$n
    elif [[ $w == -[!-]* ]]; then
        # Short options, perhaps several in one word (-qo): the first that
        # takes a value ends the word, and takes the next word only when
        # it is the last letter.
        local j k
        for ((j = 1; j < ${#w}; j++)); do
            k=-1
            for i in "${!_pollkit_letter[@]}"; do
                [[ ${_pollkit_letter[i]} == "${w:j:1}" ]] && k=$i
            done
            ((k < 0)) && return
            if [[ ${_pollkit_kind[k]} != none ]]; then
                ((j == ${#w} - 1)) && _pollkit_found=$k
                return
            fi
            _pollkit_found=$k
        done
    fi
}

# The word $1 as the shell would pass it, without running or expanding
# anything: backslashes and quotes removed, a leading ~/ made $HOME/.
_pollkit_dequote()
{
    local w=$1 out="" c q=""
    [[ $w == "~/"* ]] && w=$HOME/${w:2}
    while [[ -n $w ]]; do
        c=${w:0:1}
        w=${w:1}
        if [[ $q == "'" ]]; then
            [[ $c == "'" ]] && q="" || out+=$c
        elif [[ $c == '\' && -n $w ]] && [[ $q != '"' || ${w:0:1} == [\$\`\"\\] ]]; then
            out+=${w:0:1}
            w=${w:1}
        elif [[ $c == '"' ]]; then
            [[ $q == '"' ]] && q="" || q='"'
        elif [[ $c == "'" && -z $q ]]; then
            q="'"
        else
            out+=$c
        fi
    done
    _pollkit_word=$out
}

# Offer each of the words "$@" that starts with $_pollkit_tail, quoted
# for the shell, after $_pollkit_head (the list items already typed).
_pollkit_offer()
{
    local w q
    for w in "$@"; do
        [[ $w == "$_pollkit_tail"* ]] || continue
        printf -v q '%q' "$w"
        COMPREPLY+=("$_pollkit_head$q")
    done
}

_pollkit()
{
    local prog cur=${COMP_WORDS[COMP_CWORD]} i w k n=${#COMP_WORDS[@]}
    COMPREPLY=()
    _pollkit_dequote "${COMP_WORDS[0]}"
    prog=$_pollkit_word
    _pollkit_table "$prog" || return 0

    # Which option's value is being completed (want), what of it is typed
    # (value), the input file (the operand) and --tsv, from the whole line.
    local want=-1 value=$cur input="" tsv=() ended=0
    for ((i = 1; i < n; i++)); do
        w=${COMP_WORDS[i]}
        ((i == COMP_CWORD)) && continue
        if ((ended)) || [[ $w != -?* ]]; then
            input=$w
            continue
        fi
        if [[ $w == -- ]]; then
            ended=1
            continue
        fi
        _pollkit_find "$w"
        k=$_pollkit_found
        ((k < 0)) && continue
        [[ ,${_pollkit_flags[k]}, == *,tsv,* ]] && tsv=(--tsv)
        [[ ${_pollkit_kind[k]} == none || $w == *=* ]] && continue
        # Its value: the next word, or the word after a separate "=" (bash
        # splits --opt=VALUE at '=' when COMP_WORDBREAKS holds it).
        if [[ ${COMP_WORDS[i + 1]-} == = ]]; then
            if ((i + 1 == COMP_CWORD)); then
                want=$k value=""
            elif ((i + 2 == COMP_CWORD)); then
                want=$k
            fi
            i=$((i + 2))
        else
            ((i + 1 == COMP_CWORD)) && want=$k
            i=$((i + 1))
        fi
    done
    local prefix=""
    if ((want < 0)) && [[ $cur == --*=* ]]; then
        _pollkit_find "$cur"
        if ((_pollkit_found >= 0)); then
            want=$_pollkit_found prefix=${cur%%=*}= value=${cur#*=}
        fi
    fi

    if ((want < 0)); then
        if [[ $cur == -* ]]; then
            local opts=()
            for i in "${!_pollkit_name[@]}"; do
                [[ ,${_pollkit_flags[i]}, == *,hidden,* ]] || opts+=("--${_pollkit_name[i]}")
            done
            _pollkit_head="" _pollkit_tail=$cur
            _pollkit_offer "${opts[@]}"
            return 0
        fi
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        compopt -o filenames 2>/dev/null
        return 0
    fi

    # A comma list: complete the item after the last comma.
    _pollkit_head=$prefix _pollkit_tail=$value
    if [[ ,${_pollkit_flags[want]}, == *,list,* && $value == *,* ]]; then
        _pollkit_head=$prefix${value%,*},
        _pollkit_tail=${value##*,}
    fi
    _pollkit_dequote "$_pollkit_tail"
    _pollkit_tail=$_pollkit_word
    local names=() ask=""
    case ${_pollkit_kind[want]} in
        choice)
            read -r -a names <<<"${_pollkit_choices[want]}"
            _pollkit_offer "${names[@]}" ;;
        input | output)
            mapfile -t names < <(compgen -f -- "$value")
            for w in "${names[@]}"; do
                COMPREPLY+=("$prefix$w")
            done
            compopt -o filenames 2>/dev/null ;;
        column) ask=--list-columns ;;
        question) ask=--list-questions ;;
        group) ask=--list-groups ;;
    esac
    if [[ -n $ask ]]; then
        _pollkit_dequote "$input"
        if [[ -f $_pollkit_word && -r $_pollkit_word ]]; then
            mapfile -d '' -t names < <("$prog" "${tsv[@]}" "$ask" "$_pollkit_word" 2>/dev/null)
            _pollkit_offer "${names[@]}"
        fi
        [[ ,${_pollkit_flags[want]}, == *,list,* ]] && compopt -o nospace 2>/dev/null
    fi
    return 0
}

complete -F _pollkit pollsynth pollcodebook pollclean pollweight pollsupport polltable pollbanner pollplot pollclaim
