# Chart script written by pollplot (pollkit); run: gnuplot THIS_FILE
reset
set encoding utf8
set terminal pngcairo size 1200,675 noenhanced font "DejaVu Sans,12" background rgb "white"
set output "panel_stacked.png"
set label "How Reform UK, Labour and Conservative voters answered each question" at screen 0.02, screen 0.9555555556 left font "DejaVu Sans:Bold,20" tc rgb "#111111" noenhanced front
set label "% giving each answer, by party" at screen 0.02, screen 0.9111111111 left font "DejaVu Sans,13" tc rgb "#444444" noenhanced front
unset key
set object 1 rect from screen 0.02, screen 0.8651851852 to screen 0.03333333333, screen 0.8859259259 fc rgb "#B2182B" fs solid 1.0 noborder front
set label "0 - Not at all likely" at screen 0.03833333333, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 2 rect from screen 0.2103333333, screen 0.8651851852 to screen 0.2236666667, screen 0.8859259259 fc rgb "#C3434A" fs solid 1.0 noborder front
set label "1" at screen 0.2286666667, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 3 rect from screen 0.2606666667, screen 0.8651851852 to screen 0.274, screen 0.8859259259 fc rgb "#D56D68" fs solid 1.0 noborder front
set label "2" at screen 0.279, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 4 rect from screen 0.311, screen 0.8651851852 to screen 0.3243333333, screen 0.8859259259 fc rgb "#E69887" fs solid 1.0 noborder front
set label "3" at screen 0.3293333333, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 5 rect from screen 0.3613333333, screen 0.8651851852 to screen 0.3746666667, screen 0.8859259259 fc rgb "#F7C2A5" fs solid 1.0 noborder front
set label "4" at screen 0.3796666667, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 6 rect from screen 0.4116666667, screen 0.8651851852 to screen 0.425, screen 0.8859259259 fc rgb "#CFCFCF" fs solid 1.0 noborder front
set label "5" at screen 0.43, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 7 rect from screen 0.462, screen 0.8651851852 to screen 0.4753333333, screen 0.8859259259 fc rgb "#BCD7EA" fs solid 1.0 noborder front
set label "6" at screen 0.4803333333, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 8 rect from screen 0.5123333333, screen 0.8651851852 to screen 0.5256666667, screen 0.8859259259 fc rgb "#95BBDB" fs solid 1.0 noborder front
set label "7" at screen 0.5306666667, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 9 rect from screen 0.5626666667, screen 0.8651851852 to screen 0.576, screen 0.8859259259 fc rgb "#6F9FCB" fs solid 1.0 noborder front
set label "8" at screen 0.581, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 10 rect from screen 0.613, screen 0.8651851852 to screen 0.6263333333, screen 0.8859259259 fc rgb "#4882BC" fs solid 1.0 noborder front
set label "9" at screen 0.6313333333, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 11 rect from screen 0.6633333333, screen 0.8651851852 to screen 0.6766666667, screen 0.8859259259 fc rgb "#2166AC" fs solid 1.0 noborder front
set label "10 - Extremely likely" at screen 0.6816666667, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 12 rect from screen 0.8536666667, screen 0.8651851852 to screen 0.867, screen 0.8859259259 fc rgb "#4E79A7" fs solid 1.0 noborder front
set label "Rejoin" at screen 0.872, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 13 rect from screen 0.02, screen 0.8296296296 to screen 0.03333333333, screen 0.8503703704 fc rgb "#F28E2B" fs solid 1.0 noborder front
set label "Stay out" at screen 0.03833333333, screen 0.84 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 14 rect from screen 0.1193333333, screen 0.8296296296 to screen 0.1326666667, screen 0.8503703704 fc rgb "#59A14F" fs solid 1.0 noborder front
set label "Would not vote" at screen 0.1376666667, screen 0.84 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set label "Weighted data." at screen 0.02, screen 0.06814814815 left font "DejaVu Sans,10" tc rgb "#555555" noenhanced front
set label "Sample size: Reform UK 104, Labour 172, Conservative 125" at screen 0.02, screen 0.04592592593 left font "DejaVu Sans,10" tc rgb "#555555" noenhanced front
set label "Source: fixture panel poll (fictional): 600 GB adults, weighted by the pollster" at screen 0.02, screen 0.0237037037 left font "DejaVu Sans,10" tc rgb "#555555" noenhanced front
set lmargin at screen 0.3031666667
set rmargin at screen 0.9666666667
set tmargin at screen 0.7807407407
set bmargin at screen 0.1392592593
unset border
unset ytics
set xtics nomirror scale 0 out offset 0,0.3 font "DejaVu Sans,11" textcolor rgb "#555555"
set grid xtics lt 1 lw 1 lc rgb "#E3E3E3"
set style fill solid 1.0 noborder
set errorbars 1.6
set style textbox opaque fillcolor rgb "white" noborder margins 1,0.5
set xrange [0:100]
set xtics 0,25,100 format "%g%%"
set yrange [-0.6:6.3]
set label "Likelihood of voting" at screen 0.02, first 4.7 left offset 0,0 font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set label "Reform UK" at graph 0, first 5.7 right offset -0.8,0 font "DejaVu Sans,10" tc rgb "#12B6CF" noenhanced front
set label "Labour" at graph 0, first 4.7 right offset -0.8,0 font "DejaVu Sans,10" tc rgb "#E4003B" noenhanced front
set label "Conservative" at graph 0, first 3.7 right offset -0.8,0 font "DejaVu Sans,10" tc rgb "#0087DC" noenhanced front
set label "Vote in a new EU referendum" at screen 0.02, first 1 left offset 0,0 font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set label "Reform UK" at graph 0, first 2 right offset -0.8,0 font "DejaVu Sans,10" tc rgb "#12B6CF" noenhanced front
set label "Labour" at graph 0, first 1 right offset -0.8,0 font "DejaVu Sans,10" tc rgb "#E4003B" noenhanced front
set label "Conservative" at graph 0, first 0 right offset -0.8,0 font "DejaVu Sans,10" tc rgb "#0087DC" noenhanced front
$seg1 << EOD
5.7 0 0.910017629
4.7 0 0
3.7 0 0
EOD
$seg2 << EOD
5.7 0.910017629 2.025489541
4.7 0 2.184523417
3.7 0 0.9362365036
EOD
$seg3 << EOD
5.7 2.025489541 2.724367644
4.7 2.184523417 2.757437394
3.7 0.9362365036 1.730195059
EOD
$seg4 << EOD
5.7 2.724367644 7.447656657
4.7 2.757437394 7.023909941
3.7 1.730195059 5.116989276
EOD
$seg5 << EOD
5.7 7.447656657 13.12306637
4.7 7.023909941 15.02485962
3.7 5.116989276 11.7241222
EOD
$seg6 << EOD
5.7 13.12306637 20.3080878
4.7 15.02485962 27.53771902
3.7 11.7241222 22.49828496
EOD
$seg7 << EOD
5.7 20.3080878 27.75540531
4.7 27.53771902 38.303603
3.7 22.49828496 35.1578724
EOD
$seg8 << EOD
5.7 27.75540531 35.21948579
4.7 38.303603 48.72737133
3.7 35.1578724 54.16457776
EOD
$seg9 << EOD
5.7 35.21948579 53.86108337
4.7 48.72737133 59.65028412
3.7 54.16457776 65.46718386
EOD
$seg10 << EOD
5.7 53.86108337 70.96278497
4.7 59.65028412 74.27194884
3.7 65.46718386 75.51077589
EOD
$seg11 << EOD
5.7 70.96278497 100
4.7 74.27194884 100
3.7 75.51077589 100
EOD
$seg12 << EOD
2 0 6.7116264
1 0 39.97736638
0 0 44.9562875
EOD
$seg13 << EOD
2 6.7116264 90.26431423
1 39.97736638 80.2422535
0 44.9562875 85.21279703
EOD
$seg14 << EOD
2 90.26431423 100
1 80.2422535 100
0 85.21279703 100
EOD
$vlight << EOD
10.28536151 5.7 5.675409712
11.02438478 4.7 8.000949681
8.42055574 3.7 6.607132927
16.71557708 5.7 7.185021429
21.28128932 4.7 12.5128594
17.11120358 3.7 10.77416275
24.03174656 5.7 7.447317514
32.92066101 4.7 10.76588398
28.82807868 3.7 12.65958745
31.48744555 5.7 7.464080478
43.51548716 4.7 10.42376833
44.66122508 3.7 19.00670536
44.54028458 5.7 18.64159758
54.18882772 4.7 10.92291279
59.81588081 3.7 11.30260609
48.48797031 2 83.55268783
60.10980994 1 40.26488712
65.08454226 0 40.25650954
EOD
$vdark << EOD
62.41193417 5.7 17.1017016
66.96111648 4.7 14.62166471
70.48897987 3.7 10.04359203
85.48139249 5.7 29.03721503
87.13597442 4.7 25.72805116
87.75538794 3.7 24.48922411
3.3558132 2 6.7116264
19.98868319 1 39.97736638
22.47814375 0 44.9562875
95.13215711 2 9.73568577
90.12112675 1 19.7577465
92.60639852 0 14.78720297
EOD
plot \
  $seg1 using (($2+$3)/2):1:2:3:($1-0.38):($1+0.38) with boxxyerror fc rgb "#B2182B" notitle, \
  $seg2 using (($2+$3)/2):1:2:3:($1-0.38):($1+0.38) with boxxyerror fc rgb "#C3434A" notitle, \
  $seg3 using (($2+$3)/2):1:2:3:($1-0.38):($1+0.38) with boxxyerror fc rgb "#D56D68" notitle, \
  $seg4 using (($2+$3)/2):1:2:3:($1-0.38):($1+0.38) with boxxyerror fc rgb "#E69887" notitle, \
  $seg5 using (($2+$3)/2):1:2:3:($1-0.38):($1+0.38) with boxxyerror fc rgb "#F7C2A5" notitle, \
  $seg6 using (($2+$3)/2):1:2:3:($1-0.38):($1+0.38) with boxxyerror fc rgb "#CFCFCF" notitle, \
  $seg7 using (($2+$3)/2):1:2:3:($1-0.38):($1+0.38) with boxxyerror fc rgb "#BCD7EA" notitle, \
  $seg8 using (($2+$3)/2):1:2:3:($1-0.38):($1+0.38) with boxxyerror fc rgb "#95BBDB" notitle, \
  $seg9 using (($2+$3)/2):1:2:3:($1-0.38):($1+0.38) with boxxyerror fc rgb "#6F9FCB" notitle, \
  $seg10 using (($2+$3)/2):1:2:3:($1-0.38):($1+0.38) with boxxyerror fc rgb "#4882BC" notitle, \
  $seg11 using (($2+$3)/2):1:2:3:($1-0.38):($1+0.38) with boxxyerror fc rgb "#2166AC" notitle, \
  $seg12 using (($2+$3)/2):1:2:3:($1-0.38):($1+0.38) with boxxyerror fc rgb "#4E79A7" notitle, \
  $seg13 using (($2+$3)/2):1:2:3:($1-0.38):($1+0.38) with boxxyerror fc rgb "#F28E2B" notitle, \
  $seg14 using (($2+$3)/2):1:2:3:($1-0.38):($1+0.38) with boxxyerror fc rgb "#59A14F" notitle, \
  $vlight using 1:2:(sprintf("%.0f", $3)) with labels center font "DejaVu Sans,9" tc rgb "#1A1A1A" notitle, \
  $vdark using 1:2:(sprintf("%.0f", $3)) with labels center font "DejaVu Sans,9" tc rgb "#FFFFFF" notitle
unset output
