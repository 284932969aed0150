# The same work as pollweight + pollsupport, in R's survey package, for the
# benchmark: rake clean microdata to the targets, then weighted support
# (share, se, logit interval) for every response and `support`, for every
# proposal, by 2024 vote.
# Usage: Rscript tests/bench/r_pipeline.R CLEAN.csv TARGETS.csv
#
# Respondents without a past vote get a "missing" vote category whose
# population total is their own count, so that raking leaves them nearly as
# pollweight --missing keep does; for timing, the work is the same.
suppressMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], stringsAsFactors = FALSE, na.strings = "")
targets <- read.csv(args[2], stringsAsFactors = FALSE)
vars <- unique(targets$variable)
n <- nrow(d)
d$vote2024[is.na(d$vote2024)] <- "missing"
pm <- function(v) {
  t <- targets[targets$variable == v, ]
  if (v == "vote2024") {
    have <- sum(d$vote2024 != "missing")
    data.frame(vote2024 = c(t$category, "missing"), Freq = c(t$target * have, n - have))
  } else {
    df <- data.frame(t$category, t$target * n)
    names(df) <- c(v, "Freq")
    df
  }
}
des <- svydesign(ids = ~1, weights = ~rep(1, n), data = d)
raked <- rake(des, lapply(vars, function(v) as.formula(paste0("~", v))), lapply(vars, pm),
              control = list(maxit = 1000, epsilon = 1e-10))
d$weight <- weights(raked) / mean(weights(raked))
qs <- grep("^q_", names(d), value = TRUE)
codes <- c("strongly_support", "tend_support", "neither", "tend_oppose", "strongly_oppose", "dont_know")
ntab <- 0
for (q in qs) {
  for (code in c(codes, "support")) {
    hit <- if (code == "support") c("strongly_support", "tend_support") else code
    d$y <- as.numeric(d[[q]] %in% hit)
    des <- svydesign(ids = ~1, weights = ~weight, data = d)
    sub <- subset(des, !is.na(d[[q]]) & d$vote2024 != "missing")
    r <- svyby(~y, ~vote2024, sub, svyciprop, method = "logit", vartype = c("se", "ci"))
    ntab <- ntab + 1
  }
}
cat(sprintf("R: %d rows, %d questions, %d tables\n", n, length(qs), ntab))
