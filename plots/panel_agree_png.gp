# Chart script written by pollplot (pollkit); run: gnuplot THIS_FILE
reset
set encoding utf8
set terminal pngcairo size 1200,675 noenhanced font "DejaVu Sans,12" background rgb "white"
set output "panel_agree.png"
set label "How Reform UK, Labour and Conservative voters answered each question" at screen 0.02, screen 0.9555555556 left font "DejaVu Sans:Bold,20" tc rgb "#111111" noenhanced front
set label "% giving each answer, by vote intention. Don\0047t know shown apart. Sorted by average Total agree" at screen 0.02, screen 0.9111111111 left font "DejaVu Sans,13" tc rgb "#444444" noenhanced front
unset key
set object 1 rect from screen 0.02, screen 0.8651851852 to screen 0.03333333333, screen 0.8859259259 fc rgb "#B2182B" fs solid 1.0 noborder front
set label "Strongly disagree" at screen 0.03833333333, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 2 rect from screen 0.1823333333, screen 0.8651851852 to screen 0.1956666667, screen 0.8859259259 fc rgb "#EF8A62" fs solid 1.0 noborder front
set label "Tend to disagree" at screen 0.2006666667, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 3 rect from screen 0.3376666667, screen 0.8651851852 to screen 0.351, screen 0.8859259259 fc rgb "#CFCFCF" fs solid 1.0 noborder front
set label "Neither agree nor disagree" at screen 0.356, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 4 rect from screen 0.563, screen 0.8651851852 to screen 0.5763333333, screen 0.8859259259 fc rgb "#67A9CF" fs solid 1.0 noborder front
set label "Tend to agree" at screen 0.5813333333, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 5 rect from screen 0.6973333333, screen 0.8651851852 to screen 0.7106666667, screen 0.8859259259 fc rgb "#2166AC" fs solid 1.0 noborder front
set label "Strongly agree" at screen 0.7156666667, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 6 rect from screen 0.8386666667, screen 0.8651851852 to screen 0.852, screen 0.8859259259 fc rgb "#969696" fs solid 1.0 noborder front
set label "Don\0047t know" at screen 0.857, screen 0.8755555556 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set object 7 rect from screen 0.02, screen 0.8296296296 to screen 0.03333333333, screen 0.8503703704 fc rgb "#B5B5B5" fs solid 1.0 noborder front
set label "Prefer not to say" at screen 0.03833333333, screen 0.84 left font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set label "Weighted data. Don\0047t know and Prefer not to say included in the base." at screen 0.02, screen 0.06814814815 left font "DejaVu Sans,10" tc rgb "#555555" noenhanced front
set label "Sample size: Reform UK 99–100, Labour 163–170, Conservative 121–124" at screen 0.02, screen 0.04592592593 left font "DejaVu Sans,10" tc rgb "#555555" noenhanced front
set label "Source: fixture panel poll (fictional): 600 GB adults, weighted by the pollster" at screen 0.02, screen 0.0237037037 left font "DejaVu Sans,10" tc rgb "#555555" noenhanced front
set lmargin at screen 0.2989333333
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
set xrange [-104:136.279969]
set xtics ("100%%" -100, "50%%" -50, "0" 0, "50%%" 50, "100%%" 100)
set arrow from 0, graph 0 to 0, graph 1 nohead lw 1.2 lc rgb "#333333" front
set label "← Total disagree" at -2, graph 1 offset 0,0.8 right font "DejaVu Sans,10" tc rgb "#B2182B" noenhanced front
set label "Total agree →" at 2, graph 1 offset 0,0.8 left font "DejaVu Sans,10" tc rgb "#2166AC" noenhanced front
set label "Don\0047t know\nPrefer not to say" at 112, graph 1 offset 0,1.8 left font "DejaVu Sans,10" tc rgb "#555555" noenhanced front
set arrow from 112, graph 0 to 112, graph 1 nohead lw 1 lc rgb "#BBBBBB"
set yrange [-0.6:6.3]
set label "A four-day working week" at screen 0.02, first 4.7 left offset 0,0 font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set label "Reform UK" at graph 0, first 5.7 right offset -0.8,0 font "DejaVu Sans,10" tc rgb "#12B6CF" noenhanced front
set label "Labour" at graph 0, first 4.7 right offset -0.8,0 font "DejaVu Sans,10" tc rgb "#E4003B" noenhanced front
set label "Conservative" at graph 0, first 3.7 right offset -0.8,0 font "DejaVu Sans,10" tc rgb "#0087DC" noenhanced front
set label "A tax on wealth over £10m" at screen 0.02, first 1 left offset 0,0 font "DejaVu Sans,12" tc rgb "#222222" noenhanced front
set label "Reform UK" at graph 0, first 2 right offset -0.8,0 font "DejaVu Sans,10" tc rgb "#12B6CF" noenhanced front
set label "Labour" at graph 0, first 1 right offset -0.8,0 font "DejaVu Sans,10" tc rgb "#E4003B" noenhanced front
set label "Conservative" at graph 0, first 0 right offset -0.8,0 font "DejaVu Sans,10" tc rgb "#0087DC" noenhanced front
$seg1 << EOD
5.7 15.19227241 19.74751748
4.7 35.41128461 72.18898311
3.7 22.33954175 26.70934861
2 12.52181518 12.52181518
1 40.65221899 75.9010469
0 18.1747836 23.48087811
EOD
$seg2 << EOD
5.7 6.057382218 15.19227241
4.7 7.495168661 35.41128461
3.7 2.872543443 22.33954175
2 7.542839965 12.52181518
1 7.068237926 40.65221899
0 8.372123417 18.1747836
EOD
$seg3 << EOD
5.7 -6.057382218 6.057382218
4.7 -7.495168661 7.495168661
3.7 -2.872543443 2.872543443
2 -7.542839965 7.542839965
1 -7.068237926 7.068237926
0 -8.372123417 8.372123417
EOD
$seg4 << EOD
5.7 -28.81571757 -6.057382218
4.7 -14.08636348 -7.495168661
3.7 -26.3627505 -2.872543443
2 -33.37591715 -7.542839965
1 -10.75188566 -7.068237926
0 -25.40922135 -8.372123417
EOD
$seg5 << EOD
5.7 -68.69615276 -28.81571757
4.7 -16.73022548 -14.08636348
3.7 -57.01068242 -26.3627505
2 -77.5152929 -33.37591715
1 -14.83624411 -10.75188566
0 -62.91393316 -25.40922135
EOD
$seg6 << EOD
5.7 112 121.1680603
4.7 112 118.6959562
3.7 112 120.955767
2 112 119.9468564
1 112 119.0787192
0 112 123.5686728
EOD
$seg7 << EOD
5.7 121.1680603 123.5563298
4.7 118.6959562 123.0807914
3.7 120.955767 128.279969
2 119.9468564 121.9628919
1 119.0787192 121.262709
0 123.5686728 125.6051887
EOD
$vlight << EOD
EOD
$vdark << EOD
EOD
$totneg << EOD
-69.89615276 5.7 62.63877054
-17.93022548 4.7 9.235056823
-58.21068242 3.7 54.13813898
-78.7152929 2 69.97245293
-16.03624411 1 7.76800618
-64.11393316 0 54.54180975
EOD
$totpos << EOD
20.94751748 5.7 13.69013526
73.38898311 4.7 64.69381445
27.90934861 3.7 23.83680517
13.72181518 2 4.978975218
77.1010469 1 68.83280898
24.68087811 0 15.10875469
EOD
$totdk << EOD
124.7563298 5.7 11.55632976
124.2807914 4.7 11.0807914
129.479969 3.7 16.27996897
123.1628919 2 9.962891922
122.462709 1 9.26270899
126.8051887 0 13.60518873
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
  $seg7 using (($2+$3)/2):1:2:3:($1-0.38):($1+0.38) with boxxyerror fc rgb "#B5B5B5" notitle, \
  $totneg using 1:2:(sprintf("%.0f%%", $3)) with labels right font "DejaVu Sans,10" tc rgb "#B2182B" notitle, \
  $totpos using 1:2:(sprintf("%.0f%%", $3)) with labels left font "DejaVu Sans,10" tc rgb "#2166AC" notitle, \
  $totdk using 1:2:(sprintf("%.0f%%", $3)) with labels left font "DejaVu Sans,10" tc rgb "#555555" notitle
unset output
