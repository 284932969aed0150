# data/example_wave.sav: a made-up poll delivered as an SPSS file, for the
# README's walk-through "Your own poll" (pollcodebook, then pollclean,
# pollweight, pollsupport, pollplot and pollclaim on a file with no
# codebook yet). Written with R's haven (Debian 12: r-cran-haven); R is not
# needed to use or test pollkit.
#
# Run from this directory (data/):  Rscript make_example_wave.R
#
# 900 invented respondents answering two support/oppose questions, with
# SPSS user-missing "Don't know" (9) and "Prefer not to say" (98/99), an
# attention check asking for "Tend to oppose", the interview length in minutes, a
# free-text comment, and the flaws a real export has: 12 repeated
# respondents, some speeders, a few ages under 18, and some who failed the
# attention check. The answers depend on past vote and age, so that the
# tables have something to show; the figures mean nothing.
suppressPackageStartupMessages(library(haven))
set.seed(20251129)
n <- 900
scale <- c("Strongly support" = 1, "Tend to support" = 2, "Neither support nor oppose" = 3,
           "Tend to oppose" = 4, "Strongly oppose" = 5, "Don't know" = 9)
parties <- c("Conservative" = 1, "Labour" = 2, "Liberal Democrat" = 3, "Reform UK" = 4,
             "Green" = 5, "Other" = 6, "Did not vote" = 7,
             "Don't know" = 98, "Prefer not to say" = 99)
regions <- c("North" = 1, "Midlands" = 2, "London" = 3, "South" = 4,
             "Scotland and Wales" = 5)

gender <- sample(1:2, n, replace = TRUE, prob = c(0.44, 0.56))   # too many women
region <- sample(1:5, n, replace = TRUE, prob = c(0.22, 0.18, 0.10, 0.33, 0.17))
age <- round(pmin(90, pmax(18, rnorm(n, 50, 17))))
age[sample(n, 6)] <- c(16, 17, 17, 16, 15, 17)
vote <- sample(c(1:7, 98, 99), n, replace = TRUE,
               prob = c(0.22, 0.30, 0.11, 0.12, 0.06, 0.03, 0.10, 0.04, 0.02))
# Support leans left on the wealth tax, and by age on the railways.
lean_tax <- ifelse(vote %in% c(2, 3, 5), 1.6, ifelse(vote %in% c(1, 4), 3.4, 2.6))
lean_rail <- 1.9 + (90 - age) / 60 + ifelse(vote %in% c(1, 4), 0.9, 0)
answer <- function(lean) {
    x <- round(lean + rnorm(n, 0, 1.1))
    x <- pmin(5, pmax(1, x))
    x[runif(n) < 0.07] <- 9
    x
}
q_tax <- answer(lean_tax)
q_rail <- answer(lean_rail)
attention <- ifelse(runif(n) < 0.95, 4, sample(c(1, 2, 3, 5), n, replace = TRUE))
minutes <- round(rlnorm(n, log(11), 0.3), 1)
speeders <- sample(n, 25)
minutes[speeders] <- round(runif(25, 1.2, 2.8), 1)
comments <- sample(c("", "", "", "", "Good survey", "Too long", "Why ask about trains?",
                     "n/a", "Interesting questions"), n, replace = TRUE)
serial <- 100000 + seq_len(n)

d <- data.frame(serial = serial)
d$age <- labelled(age, label = "Age")
d$gender <- labelled(gender, c("Male" = 1, "Female" = 2), label = "Gender")
d$region <- labelled(region, regions, label = "Region")
d$past_vote <- labelled_spss(vote, parties, na_range = c(98, 99), label = "Vote at the 2024 general election")
d$q_tax <- labelled_spss(q_tax, scale, na_values = 9,
    label = "Do you support or oppose taxing wealth above 10 million pounds at 2% a year?")
d$q_rail <- labelled_spss(q_rail, scale, na_values = 9,
    label = "Do you support or oppose running the railways in public ownership?")
d$attention_check <- labelled(attention, scale[1:5],
    label = "To show you are reading carefully, please select 'Tend to oppose'")
d$duration_mins <- labelled(minutes, label = "Interview length (minutes)")
d$comments <- labelled(comments, label = "Any other comments?")
# Twelve respondents delivered twice.
d <- rbind(d, d[sample(n, 12), ])
write_sav(d, "example_wave.sav", compress = "byte")
cat("wrote example_wave.sav:", nrow(d), "records\n")
