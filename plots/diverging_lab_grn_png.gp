# Chart script written by pollplot (pollkit); run: gnuplot THIS_FILE
reset
set encoding utf8
set terminal pngcairo size 1200,675 noenhanced font "DejaVu Sans,12" background rgb "white"
set output "diverging_lab_grn.png"
set label "How Labour and Green voters answered each question" at screen 0.02, screen 0.9555555556 left font "DejaVu Sans:Bold,20" tc rgb "#111111" noenhanced front
set label "% giving each answer, by 2024 vote. Don\0047t know shown apart. Sorted by average Support" at screen 0.02, screen 0.9111111111 left font "DejaVu Sans,13" tc rgb "#444444" noenhanced front
unset key
set object 1 rect from screen 0.02, screen 0.8651851852 to screen 0.03333333333, screen 0.8859259259 fc rgb "#B2182B" fs solid 1.0 noborder front
set label "Strongly oppose" at screen 0.03833333333, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 2 rect from screen 0.1683333333, screen 0.8651851852 to screen 0.1816666667, screen 0.8859259259 fc rgb "#EF8A62" fs solid 1.0 noborder front
set label "Tend to oppose" at screen 0.1866666667, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 3 rect from screen 0.3096666667, screen 0.8651851852 to screen 0.323, screen 0.8859259259 fc rgb "#CFCFCF" fs solid 1.0 noborder front
set label "Neither support nor oppose" at screen 0.328, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 4 rect from screen 0.535, screen 0.8651851852 to screen 0.5483333333, screen 0.8859259259 fc rgb "#67A9CF" fs solid 1.0 noborder front
set label "Tend to support" at screen 0.5533333333, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 5 rect from screen 0.6833333333, screen 0.8651851852 to screen 0.6966666667, screen 0.8859259259 fc rgb "#2166AC" fs solid 1.0 noborder front
set label "Strongly support" at screen 0.7016666667, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 6 rect from screen 0.8386666667, screen 0.8651851852 to screen 0.852, screen 0.8859259259 fc rgb "#969696" fs solid 1.0 noborder front
set label "Don\0047t know" at screen 0.857, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set label "Weighted data. Don\0047t know included in the base." at screen 0.02, screen 0.06814814815 left font "DejaVu Sans,10" tc rgb "#555555" noenhanced front
set label "Sample size: Labour 376–378, Green 93–94" at screen 0.02, screen 0.04592592593 left font "DejaVu Sans,10" tc rgb "#555555" noenhanced front
set label "Source: pollsynth sample data (fictional): 1774 GB adults after cleaning, weighted to ONS and 2024 election figures" at screen 0.02, screen 0.0237037037 left font "DejaVu Sans,10" tc rgb "#555555" noenhanced front
set lmargin at screen 0.3707333333
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
set xrange [-104:134]
set xtics ("100%%" -100, "50%%" -50, "0" 0, "50%%" 50, "100%%" 100)
set arrow from 0, graph 0 to 0, graph 1 nohead lw 1.2 lc rgb "#333333" front
set label "← Oppose" at -2, graph 1 offset 0,0.8 right font "DejaVu Sans,10" tc rgb "#B2182B" noenhanced front
set label "Support →" at 2, graph 1 offset 0,0.8 left font "DejaVu Sans,10" tc rgb "#2166AC" noenhanced front
set label "Don\0047t know" at 112, graph 1 offset 0,0.8 left font "DejaVu Sans,10" tc rgb "#555555" noenhanced front
set arrow from 112, graph 0 to 112, graph 1 nohead lw 1 lc rgb "#BBBBBB"
set yrange [-0.6:17.8]
set label "Visa penalties for refusing returns" at screen 0.02, first 16.7 left offset 0,0 font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set label "Labour" at graph 0, first 17.2 right offset -0.8,0 font "DejaVu Sans,10" tc rgb "#E4003B" noenhanced front
set label "Green" at graph 0, first 16.2 right offset -0.8,0 font "DejaVu Sans,10" tc rgb "#02A95B" noenhanced front
set label "Capped safe and legal routes" at screen 0.02, first 14 left offset 0,0 font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set label "Labour" at graph 0, first 14.5 right offset -0.8,0 font "DejaVu Sans,10" tc rgb "#E4003B" noenhanced front
set label "Green" at graph 0, first 13.5 right offset -0.8,0 font "DejaVu Sans,10" tc rgb "#02A95B" noenhanced front
set label "Asylum support made discretionary" at screen 0.02, first 11.3 left offset 0,0 font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set label "Labour" at graph 0, first 11.8 right offset -0.8,0 font "DejaVu Sans,10" tc rgb "#E4003B" noenhanced front
set label "Green" at graph 0, first 10.8 right offset -0.8,0 font "DejaVu Sans,10" tc rgb "#02A95B" noenhanced front
set label "Temporary protection, 30-month reviews" at screen 0.02, first 8.6 left offset 0,0 font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set label "Labour" at graph 0, first 9.1 right offset -0.8,0 font "DejaVu Sans,10" tc rgb "#E4003B" noenhanced front
set label "Green" at graph 0, first 8.1 right offset -0.8,0 font "DejaVu Sans,10" tc rgb "#02A95B" noenhanced front
set label "No automatic right to family reunion" at screen 0.02, first 5.9 left offset 0,0 font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set label "Labour" at graph 0, first 6.4 right offset -0.8,0 font "DejaVu Sans,10" tc rgb "#E4003B" noenhanced front
set label "Green" at graph 0, first 5.4 right offset -0.8,0 font "DejaVu Sans,10" tc rgb "#02A95B" noenhanced front
set label "20-year wait before permanent settlement" at screen 0.02, first 3.2 left offset 0,0 font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set label "Labour" at graph 0, first 3.7 right offset -0.8,0 font "DejaVu Sans,10" tc rgb "#E4003B" noenhanced front
set label "Green" at graph 0, first 2.7 right offset -0.8,0 font "DejaVu Sans,10" tc rgb "#02A95B" noenhanced front
set label "Removal of families whose claims fail" at screen 0.02, first 0.5 left offset 0,0 font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set label "Labour" at graph 0, first 1 right offset -0.8,0 font "DejaVu Sans,10" tc rgb "#E4003B" noenhanced front
set label "Green" at graph 0, first 0 right offset -0.8,0 font "DejaVu Sans,10" tc rgb "#02A95B" noenhanced front
$seg1 << EOD
17.2 31.59860601 72.93276334
16.2 33.20370751 63.3439637
14.5 38.03501962 67.52902841
13.5 41.12914455 63.62754697
11.8 33.47441629 55.76292227
10.8 23.48914258 42.31689755
9.1 36.27915074 59.9356095
8.1 19.93411971 33.24915694
6.4 32.33281569 50.50505079
5.4 25.19885661 34.83485052
3.7 27.85713009 43.10945188
2.7 21.88254062 30.67713101
1 25.46186809 36.3426096
0 14.3201896 19.27039372
EOD
$seg2 << EOD
17.2 5.333552505 31.59860601
16.2 8.330924919 33.20370751
14.5 7.780587854 38.03501962
13.5 8.68222865 41.12914455
11.8 7.579897219 33.47441629
10.8 9.719478312 23.48914258
9.1 9.108293291 36.27915074
8.1 5.659451562 19.93411971
6.4 7.971163356 32.33281569
5.4 5.677268201 25.19885661
3.7 7.35267126 27.85713009
2.7 4.70324631 21.88254062
1 6.193209967 25.46186809
0 4.865232661 14.3201896
EOD
$seg3 << EOD
17.2 -5.333552505 5.333552505
16.2 -8.330924919 8.330924919
14.5 -7.780587854 7.780587854
13.5 -8.68222865 8.68222865
11.8 -7.579897219 7.579897219
10.8 -9.719478312 9.719478312
9.1 -9.108293291 9.108293291
8.1 -5.659451562 5.659451562
6.4 -7.971163356 7.971163356
5.4 -5.677268201 5.677268201
3.7 -7.35267126 7.35267126
2.7 -4.70324631 4.70324631
1 -6.193209967 6.193209967
0 -4.865232661 4.865232661
EOD
$seg4 << EOD
17.2 -12.73884324 -5.333552505
16.2 -20.27369304 -8.330924919
14.5 -19.4988756 -7.780587854
13.5 -23.41280499 -8.68222865
11.8 -20.4322211 -7.579897219
10.8 -23.87873436 -9.719478312
9.1 -20.88802842 -9.108293291
8.1 -29.88617867 -5.659451562
6.4 -23.70872887 -7.971163356
5.4 -24.3288914 -5.677268201
3.7 -26.09958529 -7.35267126
2.7 -17.66526292 -4.70324631
1 -25.52344598 -6.193209967
0 -19.92492287 -4.865232661
EOD
$seg5 << EOD
17.2 -21.71692903 -12.73884324
16.2 -26.75308113 -20.27369304
14.5 -24.88372835 -19.4988756
13.5 -28.89634629 -23.41280499
11.8 -34.5523548 -20.4322211
10.8 -45.47435845 -23.87873436
9.1 -33.89712995 -20.88802842
8.1 -58.57763933 -29.88617867
6.4 -41.43381991 -23.70872887
5.4 -56.42138553 -24.3288914
3.7 -49.65119963 -26.09958529
2.7 -57.55811876 -17.66526292
1 -54.27014049 -25.52344598
0 -72.39518486 -19.92492287
EOD
$seg6 << EOD
17.2 112 117.3503076
16.2 112 121.9029552
14.5 112 119.5872432
13.5 112 119.4761067
11.8 112 121.6847229
10.8 112 124.208744
9.1 112 118.1672605
8.1 112 120.1732037
6.4 112 120.0611293
5.4 112 120.7437639
3.7 112 119.2393485
2.7 112 123.7647502
1 112 121.3872499
0 112 120.3344214
EOD
$vlight << EOD
EOD
$vdark << EOD
EOD
$totneg << EOD
-22.91692903 17.2 16.38337653
-27.95308113 16.2 18.42215621
-26.08372835 14.5 17.10314049
-30.09634629 13.5 20.21411764
-35.7523548 11.8 26.97245758
-46.67435845 10.8 35.75488014
-35.09712995 9.1 24.78883666
-59.77763933 8.1 52.91818777
-42.63381991 6.4 33.46265656
-57.62138553 5.4 50.74411733
-50.85119963 3.7 42.29852837
-58.75811876 2.7 52.85487245
-55.47014049 1 48.07693052
-73.59518486 0 67.5299522
EOD
$totpos << EOD
74.13276334 17.2 67.59921084
64.5439637 16.2 55.01303878
68.72902841 14.5 59.74844056
64.82754697 13.5 54.94531832
56.96292227 11.8 48.18302505
43.51689755 10.8 32.59741924
61.1356095 9.1 50.82731621
34.44915694 8.1 27.58970538
51.70505079 6.4 42.53388744
36.03485052 5.4 29.15758232
44.30945188 3.7 35.75678061
31.87713101 2.7 25.9738847
37.5426096 1 30.14939963
20.47039372 0 14.40516106
EOD
$totdk << EOD
118.5503076 17.2 5.350307626
123.1029552 16.2 9.902955167
120.7872432 14.5 7.587243241
120.6761067 13.5 7.47610674
122.8847229 11.8 9.684722927
125.408744 10.8 12.208744
119.3672605 9.1 6.167260548
121.3732037 8.1 8.173203725
121.2611293 6.4 8.061129297
121.9437639 5.4 8.743763944
120.4393485 3.7 7.239348498
124.9647502 2.7 11.76475023
122.5872499 1 9.387249913
121.5344214 0 8.334421415
EOD
$few << EOD
EOD
plot \
  $seg1 using (($2+$3)/2):1:2:3:($1-0.38):($1+0.38) with boxxyerror fc rgb "#2166AC" notitle, \
  $seg2 using (($2+$3)/2):1:2:3:($1-0.38):($1+0.38) with boxxyerror fc rgb "#67A9CF" notitle, \
  $seg3 using (($2+$3)/2):1:2:3:($1-0.38):($1+0.38) with boxxyerror fc rgb "#CFCFCF" notitle, \
  $seg4 using (($2+$3)/2):1:2:3:($1-0.38):($1+0.38) with boxxyerror fc rgb "#EF8A62" notitle, \
  $seg5 using (($2+$3)/2):1:2:3:($1-0.38):($1+0.38) with boxxyerror fc rgb "#B2182B" notitle, \
  $seg6 using (($2+$3)/2):1:2:3:($1-0.38):($1+0.38) with boxxyerror fc rgb "#969696" notitle, \
  $totneg using 1:2:(sprintf("%.0f%%", $3)) with labels right font "DejaVu Sans,10" tc rgb "#B2182B" notitle, \
  $totpos using 1:2:(sprintf("%.0f%%", $3)) with labels left font "DejaVu Sans,10" tc rgb "#2166AC" notitle, \
  $totdk using 1:2:(sprintf("%.0f%%", $3)) with labels left font "DejaVu Sans,10" tc rgb "#555555" notitle
unset output
