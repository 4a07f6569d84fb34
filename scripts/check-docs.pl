#!/usr/bin/env perl
# The docs check (make docs-check, part of make test): README.md has at most
# 300 lines, and every relative Markdown link in README.md and docs/*.md
# resolves: the file or folder exists and a #anchor names a heading of the
# target file, slugged as GitHub does (lowercase, punctuation dropped, each
# space a hyphen, -1, -2 … for repeats). Links in code blocks and code spans
# are not links. Exits 1 naming every broken link. Perl from perl-base only
# (no modules beyond it), so it runs wherever make test does.
#
#   scripts/check-docs.pl [ROOT]     ROOT: the repository (default: .)
use strict;
use warnings;

my $root = shift // '.';
my $max_readme = 300;
my @errors;
my %slugs;    # file => { slug => 1 }

binmode STDOUT, ':utf8';
binmode STDERR, ':utf8';

sub slurp {
    my ($path) = @_;
    open my $fh, '<:utf8', $path or return undef;
    local $/;
    my $text = <$fh>;
    close $fh;
    return $text;
}

# The text with fenced code blocks and code spans blanked (newlines kept, so
# offsets still give line numbers).
sub prose {
    my ($text) = @_;
    my @out;
    my $fence;
    for my $line (split /(?<=\n)/, $text) {
        if (defined $fence) {
            $fence = undef if $line =~ /^\s{0,3}\Q$fence\E[`~]*\s*$/;
            $line =~ s/[^\n]/ /g;
        } elsif ($line =~ /^\s*(`{3,}|~{3,})/) {
            $fence = $1;
            $line =~ s/[^\n]/ /g;
        }
        push @out, $line;
    }
    my $p = join '', @out;
    # code spans: a run of backticks to the same run, within a paragraph
    $p =~ s{(`+)((?:(?!\n[ \t]*\n).)+?)\1}{my $s = "$1$2$1"; $s =~ s/[^\n]/ /g; $s}gse;
    return $p;
}

sub slug {
    my ($h) = @_;
    $h =~ s/\[([^\]]*)\]\([^)]*\)/$1/g;    # a link's text
    $h =~ s/<[^>]*>//g;                     # HTML tags
    $h =~ s/[`*]//g;                        # code and emphasis marks
    $h = lc $h;
    $h =~ s/[^\p{L}\p{N}\p{M}\p{Pc} \-]//g;
    $h =~ s/ /-/g;
    return $h;
}

sub anchors {
    my ($file) = @_;
    return $slugs{$file} if $slugs{$file};
    my %seen;
    my $text = slurp($file) // '';
    my $fence;
    for my $line (split /\n/, $text) {
        if (defined $fence) {
            $fence = undef if $line =~ /^\s{0,3}\Q$fence\E[`~]*\s*$/;
            next;
        }
        if ($line =~ /^\s*(`{3,}|~{3,})/) { $fence = $1; next; }
        next unless $line =~ /^\s{0,3}#{1,6}\s+(.*?)\s*(?:\s#+)?\s*$/;
        my $base = slug($1);
        my ($s, $n) = ($base, 0);
        $s = $base . '-' . ++$n while $seen{$s};
        $seen{$s} = 1;
    }
    return $slugs{$file} = \%seen;
}

sub dir_of { my ($p) = @_; $p =~ s{[^/]*$}{}; return $p eq '' ? '.' : $p }

sub check_file {
    my ($rel) = @_;
    my $path = "$root/$rel";
    my $text = slurp($path);
    if (!defined $text) { push @errors, "$rel: cannot read: $!"; return }
    my $p = prose($text);
    my @targets;
    # inline links and images: [text](target "title"), ![alt](target)
    while ($p =~ /!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g) {
        push @targets, [$1, $-[0]];
    }
    # reference definitions: [label]: target
    while ($p =~ /^[ ]{0,3}\[[^\]]+\]:\s*(\S+)/mg) {
        push @targets, [$1, $-[0]];
    }
    for my $t (@targets) {
        my ($target, $at) = @$t;
        my $line = 1 + (substr($p, 0, $at) =~ tr/\n//);
        $target =~ s/^<(.*)>$/$1/;
        next if $target =~ m{^[A-Za-z][A-Za-z0-9+.\-]*:} or $target =~ m{^//};
        my ($file, $anchor) = $target =~ /^([^#]*)(?:#(.*))?$/;
        $file =~ s/%([0-9A-Fa-f]{2})/chr hex $1/ge;
        my $dest = $file eq '' ? $path : dir_of($path) . "/$file";
        if ($file ne '' && !-e $dest) {
            push @errors, "$rel:$line: $target: no such file ($file)";
            next;
        }
        next unless defined $anchor;
        if ($anchor eq '' || -d $dest || $dest !~ /\.md$/i) {
            push @errors, "$rel:$line: $target: an anchor must name a heading of a .md file";
            next;
        }
        my $a = $anchor;
        $a =~ s/%([0-9A-Fa-f]{2})/chr hex $1/ge;
        push @errors, "$rel:$line: $target: no heading with anchor #$a in " . ($file eq '' ? $rel : $file)
            unless anchors($dest)->{$a};
    }
}

my $readme = slurp("$root/README.md");
if (!defined $readme) {
    push @errors, "README.md: cannot read: $!";
} else {
    my $lines = ($readme =~ tr/\n//) + ($readme =~ /[^\n]\z/ ? 1 : 0);
    push @errors, "README.md: $lines lines, more than $max_readme: move the depth to docs/"
        if $lines > $max_readme;
    check_file('README.md');
}
opendir my $dh, "$root/docs" or die "check-docs: $root/docs: $!\n";
check_file("docs/$_") for sort grep { /\.md$/ } readdir $dh;
closedir $dh;

if (@errors) {
    print STDERR "docs check: $_\n" for @errors;
    exit 1;
}
print "docs check: README.md and docs/*.md ok\n";
