# Chart script written by pollplot (pollkit); run: gnuplot THIS_FILE
reset
set encoding utf8
set terminal pngcairo size 1200,675 noenhanced font "DejaVu Sans,12" background rgb "white"
set output "panel_stacked.png"
set label "Vote in a new EU referendum: Reform UK, Labour and Conservative\nvoters" at screen 0.02, screen 0.9555555556 left font "DejaVu Sans:Bold,20" tc rgb "#111111" noenhanced front
set label "% giving each answer, by vote intention" at screen 0.02, screen 0.8651851852 left font "DejaVu Sans,13" tc rgb "#444444" noenhanced front
unset key
set object 1 rect from screen 0.02, screen 0.8192592593 to screen 0.03333333333, screen 0.84 fc rgb "#4E79A7" fs solid 1.0 noborder front
set label "Rejoin" at screen 0.03833333333, screen 0.8296296296 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 2 rect from screen 0.1053333333, screen 0.8192592593 to screen 0.1186666667, screen 0.84 fc rgb "#F28E2B" fs solid 1.0 noborder front
set label "Stay out" at screen 0.1236666667, screen 0.8296296296 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 3 rect from screen 0.2046666667, screen 0.8192592593 to screen 0.218, screen 0.84 fc rgb "#59A14F" fs solid 1.0 noborder front
set label "Would not vote" at screen 0.223, screen 0.8296296296 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set label "Weighted data." at screen 0.02, screen 0.06814814815 left font "DejaVu Sans,10" tc rgb "#555555" noenhanced front
set label "Sample size: Reform UK 104, Labour 172, Conservative 125" at screen 0.02, screen 0.04592592593 left font "DejaVu Sans,10" tc rgb "#555555" noenhanced front
set label "Source: fixture panel poll (fictional): 600 GB adults, weighted by the pollster" at screen 0.02, screen 0.0237037037 left font "DejaVu Sans,10" tc rgb "#555555" noenhanced front
set lmargin at screen 0.3132666667
set rmargin at screen 0.9666666667
set tmargin at screen 0.7703703704
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
set yrange [-0.6:2.6]
set label "Vote in a new EU referendum" at screen 0.02, first 1 left offset 0,0 font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set label "Reform UK" at graph 0, first 2 right offset -0.8,0 font "DejaVu Sans,10" tc rgb "#12B6CF" noenhanced front
set label "Labour" at graph 0, first 1 right offset -0.8,0 font "DejaVu Sans,10" tc rgb "#E4003B" noenhanced front
set label "Conservative" at graph 0, first 0 right offset -0.8,0 font "DejaVu Sans,10" tc rgb "#0087DC" noenhanced front
$seg1 << EOD
2 0 6.7116264
1 0 39.97736638
0 0 44.9562875
EOD
$seg2 << EOD
2 6.7116264 90.26431423
1 39.97736638 80.2422535
0 44.9562875 85.21279703
EOD
$seg3 << EOD
2 90.26431423 100
1 80.2422535 100
0 85.21279703 100
EOD
$vlight << EOD
48.48797031 2 83.55268783
60.10980994 1 40.26488712
65.08454226 0 40.25650954
EOD
$vdark << EOD
3.3558132 2 6.7116264
19.98868319 1 39.97736638
22.47814375 0 44.9562875
95.13215711 2 9.73568577
90.12112675 1 19.7577465
92.60639852 0 14.78720297
EOD
$few << EOD
EOD
plot \
  $seg1 using (($2+$3)/2):1:2:3:($1-0.38):($1+0.38) with boxxyerror fc rgb "#4E79A7" notitle, \
  $seg2 using (($2+$3)/2):1:2:3:($1-0.38):($1+0.38) with boxxyerror fc rgb "#F28E2B" notitle, \
  $seg3 using (($2+$3)/2):1:2:3:($1-0.38):($1+0.38) with boxxyerror fc rgb "#59A14F" notitle, \
  $vlight using 1:2:(sprintf("%.0f", $3)) with labels center font "DejaVu Sans,9" tc rgb "#1A1A1A" notitle, \
  $vdark using 1:2:(sprintf("%.0f", $3)) with labels center font "DejaVu Sans,9" tc rgb "#FFFFFF" notitle
unset output
