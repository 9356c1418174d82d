library(testthat)
library(radioembo)
test_check("radioembo")
