# Chart script written by pollplot (pollkit); run: gnuplot THIS_FILE
reset
set encoding utf8
set terminal svg size 1200,675 dynamic enhanced font "DejaVu Sans,12" fontscale 1.333 background rgb "white"
set output "trend_visa.svg"
set label "{/:Bold Support from November 2025 to February 2026: visa penalties for}\n{/:Bold refusing returns}" at screen 0.02, screen 0.9555555556 left font "DejaVu Sans,20" tc rgb "#111111" enhanced front
set label "% support at each wave, by 2024 vote" at screen 0.02, screen 0.8651851852 left font "DejaVu Sans,13" tc rgb "#444444" noenhanced front
unset key
set object 1 rect from screen 0.02, screen 0.8192592593 to screen 0.03333333333, screen 0.84 fc rgb "#E4003B" fs solid 1.0 noborder front
set label "Labour" at screen 0.03833333333, screen 0.8296296296 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 2 rect from screen 0.1053333333, screen 0.8192592593 to screen 0.1186666667, screen 0.84 fc rgb "#0087DC" fs solid 1.0 noborder front
set label "Conservative" at screen 0.1236666667, screen 0.8296296296 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 3 rect from screen 0.2326666667, screen 0.8192592593 to screen 0.246, screen 0.84 fc rgb "#12B6CF" fs solid 1.0 noborder front
set label "Reform UK" at screen 0.251, screen 0.8296296296 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 4 rect from screen 0.339, screen 0.8192592593 to screen 0.3523333333, screen 0.84 fc rgb "#02A95B" fs solid 1.0 noborder front
set label "Green" at screen 0.3573333333, screen 0.8296296296 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set arrow from screen 0.4173333333, screen 0.8296296296 to screen 0.4356666667, screen 0.8296296296 heads size screen 0.006,90 lw 1.3 lc rgb "#1A1A1A" front
set label "Margin of error (95% interval)" at screen 0.4406666667, screen 0.8296296296 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set label "Waves: November 2025 (n = 1768); February 2026 (n = 1784)" at screen 0.02, screen 0.09037037037 left font "DejaVu Sans,10" tc rgb "#555555" noenhanced front
set label "Weighted data. Lines show 95% logit confidence intervals. Don\0047t know included in the base." at screen 0.02, screen 0.06814814815 left font "DejaVu Sans,10" tc rgb "#555555" noenhanced front
set label "Sample size: Labour 350–378, Conservative 310–345, Reform UK 153–171, Green 94–111" at screen 0.02, screen 0.04592592593 left font "DejaVu Sans,10" tc rgb "#555555" noenhanced front
set label "Source: pollsynth sample data (fictional), two separate samples" at screen 0.02, screen 0.0237037037 left font "DejaVu Sans,10" tc rgb "#555555" noenhanced front
set lmargin at screen 0.121
set rmargin at screen 0.9666666667
set tmargin at screen 0.7703703704
set bmargin at screen 0.1614814815
unset border
unset ytics
set xtics nomirror scale 0 out offset 0,0.3 font "DejaVu Sans,11" textcolor rgb "#555555"
set grid xtics lt 1 lw 1 lc rgb "#E3E3E3"
set style fill solid 1.0 noborder
set errorbars 1.6
set style textbox opaque fillcolor rgb "white" noborder margins 1,0.5
set xrange [-0.08:1.14]
set ytics format "%g%%" nomirror scale 0 font "DejaVu Sans,11" textcolor rgb "#555555"
unset xtics
set grid ytics lt 1 lw 1 lc rgb "#E3E3E3"
set yrange [40:100]
set lmargin at screen 0.06666666667
set label "November 2025" at first 0, graph 0 center offset 0,-1.1 font "DejaVu Sans,11" tc rgb "#333333" noenhanced front
set label "February 2026" at first 1, graph 0 center offset 0,-1.1 font "DejaVu Sans,11" tc rgb "#333333" noenhanced front
$t1 << EOD
-0.018 67.59921084 62.12981843 72.62671027
0.982 62.59595042 56.84565466 68.01119995
EOD
$v1 << EOD
1.018 62.59595042 62.59595042 0
EOD
$t2 << EOD
-0.006 79.53294616 74.26312281 83.95683846
0.994 77.05842012 71.79238523 81.59340283
EOD
$v2 << EOD
1.018 77.05842012 77.05842012 0
EOD
$t3 << EOD
0.006 84.54481446 77.86944819 89.47870842
1.006 87.41699537 80.68360714 92.03494133
EOD
$v3 << EOD
1.018 87.41699537 87.41699537 0
EOD
$t4 << EOD
0.018 55.01303878 43.73308988 65.80005542
1.018 51.36593457 41.01527228 61.60074788
EOD
$v4 << EOD
1.018 51.36593457 51.36593457 0
EOD
plot \
  $t1 using 1:2 with lines lw 2.6 lc rgb "#E4003B" notitle, \
  $t1 using 1:2:3:4 with yerrorbars pt 7 ps 1.1 lw 1.3 lc rgb "#E4003B" notitle, \
  $v1 using 1:2:(sprintf("%.0f%%", $3) . ($4 > 0 ? "*" : "")) with labels left offset 1.2,0 font "DejaVu Sans:Bold,11" tc rgb "#E4003B" notitle, \
  $t2 using 1:2 with lines lw 2.6 lc rgb "#0087DC" notitle, \
  $t2 using 1:2:3:4 with yerrorbars pt 7 ps 1.1 lw 1.3 lc rgb "#0087DC" notitle, \
  $v2 using 1:2:(sprintf("%.0f%%", $3) . ($4 > 0 ? "*" : "")) with labels left offset 1.2,0 font "DejaVu Sans:Bold,11" tc rgb "#0087DC" notitle, \
  $t3 using 1:2 with lines lw 2.6 lc rgb "#12B6CF" notitle, \
  $t3 using 1:2:3:4 with yerrorbars pt 7 ps 1.1 lw 1.3 lc rgb "#12B6CF" notitle, \
  $v3 using 1:2:(sprintf("%.0f%%", $3) . ($4 > 0 ? "*" : "")) with labels left offset 1.2,0 font "DejaVu Sans:Bold,11" tc rgb "#12B6CF" notitle, \
  $t4 using 1:2 with lines lw 2.6 lc rgb "#02A95B" notitle, \
  $t4 using 1:2:3:4 with yerrorbars pt 7 ps 1.1 lw 1.3 lc rgb "#02A95B" notitle, \
  $v4 using 1:2:(sprintf("%.0f%%", $3) . ($4 > 0 ? "*" : "")) with labels left offset 1.2,0 font "DejaVu Sans:Bold,11" tc rgb "#02A95B" notitle
unset output
