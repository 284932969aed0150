# Chart script written by pollplot (pollkit); run: gnuplot THIS_FILE
reset
set encoding utf8
set terminal pngcairo size 1200,675 noenhanced font "DejaVu Sans,12" background rgb "white"
set output "tables_lab_grn.png"
set label "Support among Labour and Green voters" at screen 0.02, screen 0.9555555556 left font "DejaVu Sans:Bold,20" tc rgb "#111111" noenhanced front
set label "% support for each question, by 2024 General Election vote. Sorted by the groups\0047 average" at screen 0.02, screen 0.9111111111 left font "DejaVu Sans,13" tc rgb "#444444" noenhanced front
unset key
set object 1 rect from screen 0.02, screen 0.8651851852 to screen 0.03333333333, screen 0.8859259259 fc rgb "#E4003B" fs solid 1.0 noborder front
set label "Labour" at screen 0.03833333333, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 2 rect from screen 0.1053333333, screen 0.8651851852 to screen 0.1186666667, screen 0.8859259259 fc rgb "#02A95B" fs solid 1.0 noborder front
set label "Green" at screen 0.1236666667, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set arrow from screen 0.1836666667, screen 0.8755555556 to screen 0.202, screen 0.8755555556 heads size screen 0.006,90 lw 1.3 lc rgb "#1A1A1A" front
set label "Margin of error (95% interval)" at screen 0.207, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set label "Lines show 95% logit confidence intervals. Don\0047t know included in the base." at screen 0.02, screen 0.09037037037 left font "DejaVu Sans,10" tc rgb "#555555" noenhanced front
set label "Design effect 1 assumed (the tables print none): the intervals are too narrow if the poll was weighted." at screen 0.02, screen 0.06814814815 left font "DejaVu Sans,10" tc rgb "#555555" noenhanced front
set label "Sample size: Labour 376–378, Green 93–94" at screen 0.02, screen 0.04592592593 left font "DejaVu Sans,10" tc rgb "#555555" noenhanced front
set label "Source: published tables of the pollsynth sample (fictional)" at screen 0.02, screen 0.0237037037 left font "DejaVu Sans,10" tc rgb "#555555" noenhanced front
set lmargin at screen 0.3216666667
set rmargin at screen 0.9666666667
set tmargin at screen 0.8162962963
set bmargin at screen 0.1614814815
unset border
unset ytics
set xtics nomirror scale 0 out offset 0,0.3 font "DejaVu Sans,11" textcolor rgb "#555555"
set grid xtics lt 1 lw 1 lc rgb "#E3E3E3"
set style fill solid 1.0 noborder
set errorbars 1.6
set style textbox opaque fillcolor rgb "white" noborder margins 1,0.5
set xtics 0,25,100 format "%g%%"
set arrow from 50, graph 0 to 50, graph 1 nohead dt (10,7) lw 1.6 lc rgb "#222222" front
set label "50%" at 50, graph 1 offset 0,0.7 center font "DejaVu Sans,10" tc rgb "#222222" noenhanced front
set xrange [0:100]
set yrange [-0.5:6.5]
set label "Visa penalties for refusing returns" at graph 0, first 6 right offset -1.2,0 font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set label "Capped safe and legal routes" at graph 0, first 5 right offset -1.2,0 font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set label "Asylum support made discretionary" at graph 0, first 4 right offset -1.2,0 font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set label "Temporary protection, 30-month reviews" at graph 0, first 3 right offset -1.2,0 font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set label "No automatic right to family reunion" at graph 0, first 2 right offset -1.2,0 font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set label "20-year wait before permanent settlement" at graph 0, first 1 right offset -1.2,0 font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set label "Removal of families whose claims fail" at graph 0, first 0 right offset -1.2,0 font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
$bars1 << EOD
6.2 68
5.2 60
4.2 48
3.2 51
2.2 43
1.2 36
0.2 30
EOD
$ci1 << EOD
6.2 68 63.11065457 72.52344443
5.2 60 54.94561651 64.85009803
4.2 48 42.97813139 53.06261184
3.2 51 45.93785665 56.04171767
2.2 43 38.07410115 48.068509
1.2 36 31.29547045 40.98981262
0.2 30 25.56730199 34.8414751
EOD
$bars2 << EOD
5.8 55
4.8 55
3.8 33
2.8 28
1.8 29
0.8 26
-0.2 14
EOD
$ci2 << EOD
5.8 55 44.74367722 64.84821579
4.8 55 44.74367722 64.84821579
3.8 33 24.11887723 43.28587336
2.8 28 19.77159051 38.02961015
1.8 29 20.63996602 39.07876686
0.8 26 18.05068152 35.91582234
-0.2 14 8.274887509 22.70561499
EOD
$vleft << EOD
73.72344443 6.2 68 0
66.05009803 5.2 60 0
54.26261184 4.2 48 0
57.24171767 3.2 51 0
50.8 2.2 43 0
42.18981262 1.2 36 0
36.0414751 0.2 30 0
66.04821579 5.8 55 0
66.04821579 4.8 55 0
44.48587336 3.8 33 0
39.22961015 2.8 28 0
40.27876686 1.8 29 0
37.11582234 0.8 26 0
23.90561499 -0.2 14 0
EOD
$vright << EOD
EOD
$nodata << EOD
EOD
$few << EOD
EOD
plot \
  $bars1 using (0):1:(0):2:($1-0.16):($1+0.16) with boxxyerror fc rgb "#E4003B" notitle, \
  $bars2 using (0):1:(0):2:($1-0.16):($1+0.16) with boxxyerror fc rgb "#02A95B" notitle, \
  $ci1 using 2:1:3:4 with xerrorbars pt -1 lw 1.3 lc rgb "#1A1A1A" notitle, \
  $ci2 using 2:1:3:4 with xerrorbars pt -1 lw 1.3 lc rgb "#1A1A1A" notitle, \
  $vleft using 1:2:(sprintf("%.0f%%", $3) . ($4 > 0 ? "*" : "")) with labels boxed left font "DejaVu Sans,11" tc rgb "#1A1A1A" notitle
unset output
