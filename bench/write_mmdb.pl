#!/usr/bin/perl
# Writes a MaxMind DB (GeoLite2-ASN layout) from "CIDR ASN" lines, with MaxMind's own writer
# (Debian: libmaxmind-db-writer-perl). Used by the lookup benchmark to time libmaxminddb on
# the same prefixes as Belfry's index. Usage: write_mmdb.pl PREFIXES.txt OUT.mmdb [v6]
# ("v6": IPv6 prefixes, no IPv4 aliases such as 2002::/16 in the tree).
use strict;
use warnings;
use MaxMind::DB::Writer::Tree;

my ($in, $out, $family) = @ARGV;
$family //= 'v4';
die "usage: $0 PREFIXES.txt OUT.mmdb\n" unless $in && $out;
my $tree = MaxMind::DB::Writer::Tree->new(
    ip_version            => 6,
    record_size           => 28,
    database_type         => 'GeoLite2-ASN',
    languages             => ['en'],
    description           => { en => 'Belfry benchmark prefixes' },
    map_key_type_callback => sub { $_[0] eq 'autonomous_system_number' ? 'uint32' : 'utf8_string' },
    merge_strategy        => 'none',
    alias_ipv6_to_ipv4    => ($family eq 'v6' ? 0 : 1),
);
open(my $fh, '<', $in) or die "$in: $!\n";
while (my $line = <$fh>) {
    chomp $line;
    my ($net, $asn) = split / /, $line;
    $tree->insert_network($net, { autonomous_system_number => $asn + 0 });
}
open(my $o, '>:raw', $out) or die "$out: $!\n";
$tree->write_tree($o);
