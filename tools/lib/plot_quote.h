/* Writing text into a gnuplot script so that gnuplot reads it back as the
 * same text and nothing else: every string that comes from data or from an
 * option becomes one double-quoted gnuplot string constant.
 *
 * gnuplot scans each command line for `backquoted` shell commands (also
 * inside double quotes) and @macros before it parses the line, so the
 * characters that could start either never appear literally in the script:
 * backquote, apostrophe, `@` and `$` are written as 4-digit octal escapes
 * (`\0140`; gnuplot 5.4 reads "\0" plus up to three digits, so the 4-digit
 * form cannot swallow a following digit, while a 3-digit "\047" followed by
 * "1" would be read as "\0471"), a backslash as `\\`, a double quote as
 * `\"`, a newline as `\n` and every other control character in octal. The
 * text must be valid UTF-8, and is otherwise written unchanged.
 *
 * Enhanced-text specials (^ _ @ & ~ { } \) survive quoting, because the
 * string value still holds them: labels with such text are drawn
 * `noenhanced`. Where enhanced text is wanted (the SVG headline's bold
 * face), pk_plot_quote_enhanced makes them literal first. `%` is a format
 * character only in formats and explicit tic labels; pollplot never puts
 * user text there. */
#ifndef POLLKIT_PLOT_QUOTE_H
#define POLLKIT_PLOT_QUOTE_H

#include <stddef.h>

#include "err.h"

/* s[0..len) as a double-quoted gnuplot constant, quotes included, in a new
 * malloc'd string. NULL when s is not valid UTF-8 or contains a NUL byte
 * (errno EILSEQ) or memory runs out (errno ENOMEM). */
char *pk_plot_quote(const char *s, size_t len);

/* Insert a backslash before each enhanced-text special (\ { } ^ _ @ & ~),
 * so that an enhanced-text label shows s literally. New malloc'd string,
 * NULL when out of memory. Quote the result with pk_plot_quote as usual. */
char *pk_plot_quote_enhanced(const char *s);

/* Check a file name for `set output`: refused when empty, starting with `|`
 * (gnuplot would run it as a command) or `<` (input from a command),
 * holding a control character, not valid UTF-8, ending in `/`, or naming an
 * existing directory. Returns 0, or PK_ERR_USAGE with err filled ("--image
 * ...: reason"). `what` names the option in the message. */
int pk_plot_quote_check_output(const char *what, const char *name, pk_err *err);

#endif
