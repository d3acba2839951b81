META
key;value
description;Debata mieszkańców (przykład pb)
unit;Wilchwy
rule;greedy
num_projects;4
num_votes;15
budget;10000
vote_type;approval
min_length;1
max_length;2
voter_category_weights;resident:1,official:3
PROJECTS
project_id;cost;votes;name
1;6000;7;Odnowimy trzy place zabaw
2;4500.5;6;Wakacje na basenie dla dzieci
3;5000;12;Wycieczka do Ustronia
4;3500;12;"Sąsiedzka naprawialnia; etap 1"
VOTES
voter_id;vote;voter_category
1;1,2;resident
2;1,2;resident
3;1,2;resident
4;1,2;resident
5;1,3;resident
6;1,3;resident
7;1,3;resident
8;2;resident
9;2;resident
10;4;resident
11;4;resident
12;4;resident
13;3,4;official
14;3,4;official
15;3,4;official
