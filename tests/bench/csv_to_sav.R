# For tests/bench/pipeline.sh: a raw CSV export as an SPSS file holding the
# same data, and the CSV of that same data as R writes it, so that
# pollclean's two paths can be timed on equal input:
#   Rscript csv_to_sav.R RAW.csv OUT.sav OUT.csv
# Column names become SPSS names (other characters as _); values are
# trimmed (SPSS drops a label's trailing spaces, and two values whose labels
# differ only there would be one label twice); a column of numbers stays
# numeric; a column of at most 60 distinct texts becomes labelled values,
# 1, 2, ... in order of first appearance; anything else stays text.
library(haven)
a <- commandArgs(TRUE)
df <- read.csv(a[1], colClasses = "character", check.names = FALSE, encoding = "UTF-8")
names(df)[1] <- sub("^\ufeff", "", names(df)[1]); names(df) <- gsub("[^A-Za-z0-9_]", "_", names(df))
for (n in names(df)) df[[n]] <- trimws(df[[n]])
write.csv(df, a[3], row.names = FALSE, na = "")
for (n in names(df)) {
  x <- df[[n]]
  num <- suppressWarnings(as.numeric(x))
  if (all(is.na(num) == (x == ""))) { df[[n]] <- num; next }
  u <- unique(x[x != ""])
  if (length(u) <= 60) { df[[n]] <- labelled(ifelse(x == "", NA, match(x, u)), setNames(seq_along(u), u)) }
}
write_sav(df, a[2])
