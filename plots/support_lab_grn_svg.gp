# Chart script written by pollplot (pollkit); run: gnuplot THIS_FILE
reset
set encoding utf8
set terminal svg size 1200,675 dynamic enhanced font "DejaVu Sans,12" fontscale 1.333 background rgb "white"
set output "support_lab_grn.svg"
set label "{/:Bold Support among Labour and Green voters}" at screen 0.02, screen 0.9555555556 left font "DejaVu Sans,20" tc rgb "#111111" enhanced front
set label "% support for each question, by 2024 vote. Sorted by the groups\0047 average" at screen 0.02, screen 0.9111111111 left font "DejaVu Sans,13" tc rgb "#444444" noenhanced front
unset key
set object 1 rect from screen 0.02, screen 0.8651851852 to screen 0.03333333333, screen 0.8859259259 fc rgb "#E4003B" fs solid 1.0 noborder front
set label "Labour" at screen 0.03833333333, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 2 rect from screen 0.1053333333, screen 0.8651851852 to screen 0.1186666667, screen 0.8859259259 fc rgb "#02A95B" fs solid 1.0 noborder front
set label "Green" at screen 0.1236666667, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set arrow from screen 0.1836666667, screen 0.8755555556 to screen 0.202, screen 0.8755555556 heads size screen 0.006,90 lw 1.3 lc rgb "#1A1A1A" front
set label "Margin of error (95% interval)" at screen 0.207, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set label "Weighted data. Lines show 95% logit confidence intervals. Don\0047t know included in the base." at screen 0.02, screen 0.06814814815 left font "DejaVu Sans,10" tc rgb "#555555" noenhanced front
set label "Sample size: Labour 376–378, Green 93–94" at screen 0.02, screen 0.04592592593 left font "DejaVu Sans,10" tc rgb "#555555" noenhanced front
set label "Source: pollsynth sample data (fictional): 1774 GB adults after cleaning, weighted to ONS and 2024 election figures" at screen 0.02, screen 0.0237037037 left font "DejaVu Sans,10" tc rgb "#555555" noenhanced front
set lmargin at screen 0.3216666667
set rmargin at screen 0.9666666667
set tmargin at screen 0.8162962963
set bmargin at screen 0.1392592593
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
6.2 67.59921084
5.2 59.74844056
4.2 48.18302505
3.2 50.82731621
2.2 42.53388744
1.2 35.75678061
0.2 30.14939963
EOD
$ci1 << EOD
6.2 67.59921084 62.12981843 72.62671027
5.2 59.74844056 54.13746394 65.11529128
4.2 48.18302505 42.6874721 53.72289022
3.2 50.82731621 45.2948511 56.33959161
2.2 42.53388744 37.18735522 48.06094741
1.2 35.75678061 30.60973398 41.25475117
0.2 30.14939963 25.39663453 35.3699156
EOD
$bars2 << EOD
5.8 55.01303878
4.8 54.94531832
3.8 32.59741924
2.8 27.58970538
1.8 29.15758232
0.8 25.9738847
-0.2 14.40516106
EOD
$ci2 << EOD
5.8 55.01303878 43.73308988 65.80005542
4.8 54.94531832 43.66504851 65.73912734
3.8 32.59741924 23.12375138 43.74386585
2.8 27.58970538 18.80115119 38.53671521
1.8 29.15758232 20.41910106 39.76700881
0.8 25.9738847 17.47950626 36.75747956
-0.2 14.40516106 8.418983095 23.55304634
EOD
$vleft << EOD
73.82671027 6.2 67.59921084 0
66.31529128 5.2 59.74844056 0
54.92289022 4.2 48.18302505 0
57.53959161 3.2 50.82731621 0
50.8 2.2 42.53388744 0
42.45475117 1.2 35.75678061 0
36.5699156 0.2 30.14939963 0
67.00005542 5.8 55.01303878 0
66.93912734 4.8 54.94531832 0
50.8 3.8 32.59741924 0
39.73671521 2.8 27.58970538 0
40.96700881 1.8 29.15758232 0
37.95747956 0.8 25.9738847 0
24.75304634 -0.2 14.40516106 0
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
