#include "bench/cli/bench_commands.h"

#include "bench/cli/bench_collect.h"
#include "bench/cli/bench_constituency.h"
#include "bench/cli/bench_ingest.h"

namespace belfry {

void AddBenchCommands(CLI::App* app, BenchCli* cli) {
  auto* bench = app->add_subcommand("bench", "benchmarks");
  bench->require_subcommand(1);
  cli->ingest =
      bench->add_subcommand("ingest", "end-to-end ingest benchmark against a Python baseline");
  cli->ingest->add_option("--rows", cli->bopt.rows,
                          "rows in the generated report (default 1000000)");
  cli->ingest->add_option("--dir", cli->bopt.dir, "work directory (kept)");
  cli->ingest->add_flag("--no-baseline", cli->no_baseline, "skip the Python baseline");
  cli->ingest->add_option(
      "--runs", cli->bopt.runs,
      "alternating runs of belfry and the baseline; medians reported (default 3)");
  cli->ingest->add_flag("--json", cli->bopt.json, "one JSON object");
  cli->ingest->add_flag("--enrich", cli->bopt.enrich,
                        "also ingest with ASN/geo, time sanity and routing on; report the ratio");
  cli->ingest->add_option("--networks", cli->bopt.networks,
                          "networks in the generated constituency for --enrich (default 1000000)");
  cli->ingest->add_option("--mmdb", cli->bopt.mmdb,
                          "MaxMind-format database for --enrich; repeatable");
  cli->ripe = bench->add_subcommand(
      "ripe-import", "RIPE RPSL import of a generated full-size dump, beside a Python importer");
  cli->ripe->add_option("--objects", cli->ropt.objects,
                        "objects in the generated dump (default 5500000)");
  cli->ripe->add_option("--baseline-objects", cli->ropt.baseline_objects,
                        "objects for the Python comparison (default 500000, 0 = none)");
  cli->ripe->add_option("--dir", cli->ropt.dir, "work directory (kept; the dump is reused)");
  cli->ripe->add_flag("--json", cli->ropt.json, "one JSON object");

  cli->collect = bench->add_subcommand(
      "collect", "collecting a report through each source kind, beside a direct ingest");
  cli->collect->add_option("--rows", cli->copt.rows,
                           "rows in the generated report (default 1000000)");
  cli->collect->add_option("--dir", cli->copt.dir, "work directory (kept)");
  cli->collect->add_option("--server-script", cli->copt.server_script,
                           "loopback HTTP server for the http variant (\"\" = none)");
  cli->collect->add_flag("--json", cli->copt.json, "one JSON object");

  cli->publish = bench->add_subcommand("publish", "publishing one advisory with N stored, beside a full rebuild");
  cli->publish->add_option("--advisories", cli->popt.advisories, "published advisories stored (default 10000)");
  cli->publish->add_option("--runs", cli->popt.runs, "alternating runs; medians reported (default 5)");
  cli->publish->add_option("--dir", cli->popt.dir, "work directory (kept; the database is reused)");
  cli->publish->add_flag("--json", cli->popt.json, "one JSON object");
  cli->match = bench->add_subcommand("match", "the vulnerability match of one advisory against N products");
  cli->match->add_option("--products", cli->mopt.products, "constituent products (default 50000)");
  cli->match->add_option("--runs", cli->mopt.runs, "runs; medians reported (default 5)");
  cli->match->add_flag("--json", cli->mopt.json, "one JSON object");
  cli->newsletter = bench->add_subcommand("newsletter", "sending one newsletter issue to N subscribers");
  cli->newsletter->add_option("--subscribers", cli->nlopt.subscribers, "confirmed subscribers (default 10000)");
  cli->newsletter->add_option("--runs", cli->nlopt.runs, "alternating runs; medians reported (default 5)");
  cli->newsletter->add_flag("--json", cli->nlopt.json, "one JSON object");
  cli->tickets = bench->add_subcommand("tickets", "ticket list and stats on N generated tickets");
  cli->tickets->add_option("--tickets", cli->topt.tickets, "tickets (default 1000000)");
  cli->tickets->add_option("--runs", cli->topt.runs, "runs; medians reported (default 5)");
  cli->tickets->add_option("--dir", cli->topt.dir, "work directory (kept; the database is reused)");
  cli->tickets->add_flag("--json", cli->topt.json, "one JSON object");
  cli->gateway = bench->add_subcommand("mail-gateway", "a Maildir batch through the mail gateway");
  cli->gateway->add_option("--messages", cli->topt.messages, "messages (default 5000)");
  cli->gateway->add_option("--baseline-messages", cli->topt.baseline_messages,
                           "messages for the one-process-per-mail comparison (default 300)");
  cli->gateway->add_option("--runs", cli->topt.runs, "runs; medians reported (default 5)");
  cli->gateway->add_option("--dir", cli->topt.dir, "work directory");
  cli->gateway->add_flag("--json", cli->topt.json, "one JSON object");
  cli->observables = bench->add_subcommand("observables", "observable extraction over log text");
  cli->observables->add_option("--mb", cli->topt.megabytes, "megabytes of log text (default 200)");
  cli->observables->add_option("--runs", cli->topt.runs, "runs; medians reported (default 5)");
  cli->observables->add_option("--dir", cli->topt.dir, "work directory (kept)");
  cli->observables->add_flag("--json", cli->topt.json, "one JSON object");

  cli->notify = bench->add_subcommand(
      "notify", "notify run: one signed mail per contact handed to SMTP, beside gpg per mail");
  cli->notify->add_option("--events", cli->nopt.events, "events (default 100000)");
  cli->notify->add_option("--contacts", cli->nopt.contacts, "contacts (default 5000)");
  cli->notify->add_option("--keys", cli->nopt.keys, "team key types: ed25519, rsa3072 (default both)")
      ->delimiter(',');
  cli->notify->add_option("--runs", cli->nopt.runs, "alternating runs; medians reported (default 3)");
  cli->notify->add_option("--sign-workers", cli->nopt.sign_workers, "[notify] sign_workers (0 = one per core)");
  cli->notify->add_flag("--no-baseline", cli->notify_no_baseline, "skip the Python + gpg baseline");
  cli->notify->add_option("--server-script", cli->nopt.server_script, "loopback SMTP server (node)");
  cli->notify->add_option("--baseline-script", cli->nopt.baseline_script, "the baseline (python3)");
  cli->notify->add_option("--dir", cli->nopt.dir, "work directory (kept)");
  cli->notify->add_flag("--json", cli->nopt.json, "one JSON object");

  auto* sample = app->add_subcommand("sample", "write sample data");
  cli->sample_scan =
      sample->add_subcommand("scan-report", "write a generated Shadowserver scan_http report");
  cli->sample_scan->add_option("--rows", cli->sample_rows, "rows");
  cli->sample_scan->add_option("output", cli->sample_out, "output file")->required();
  sample->require_subcommand(1);
}

std::optional<int> RunBenchCommand(BenchCli& cli, const Config& config, bool json,
                                   const char* argv0) {
  // --json before the verb counts as well as after it.
  cli.bopt.json |= json;
  cli.ropt.json |= json;
  cli.copt.json |= json;
  if (cli.ingest->parsed()) {
    cli.bopt.baseline = !cli.no_baseline;
    cli.bopt.keep = !cli.bopt.dir.empty();
    return RunBenchIngest(config, cli.bopt, argv0);
  }
  if (cli.ripe->parsed()) return RunBenchRipeImport(config, cli.ropt);
  if (cli.collect->parsed()) return RunBenchCollect(config, cli.copt);
  cli.topt.json |= json;
  if (cli.tickets->parsed()) return RunBenchTickets(cli.topt, argv0);
  if (cli.newsletter->parsed()) {
    cli.nlopt.json |= json;
    return RunBenchNewsletter(cli.nlopt);
  }
  if (cli.match->parsed()) {
    cli.mopt.json |= json;
    return RunBenchMatch(cli.mopt);
  }
  if (cli.publish->parsed()) {
    cli.popt.json |= json;
    return RunBenchPublish(cli.popt);
  }
  if (cli.gateway->parsed()) return RunBenchMailGateway(cli.topt, argv0);
  if (cli.observables->parsed()) return RunBenchObservables(cli.topt);
  if (cli.notify->parsed()) {
    cli.nopt.json |= json;
    cli.nopt.baseline = !cli.notify_no_baseline;
    return RunBenchNotify(cli.nopt);
  }
  if (cli.sample_scan->parsed()) {
    auto s = WriteSampleScanReport(cli.sample_out, cli.sample_rows);
    if (!s) return Report(s.error());
    return kExitOk;
  }
  return std::nullopt;
}

}  // namespace belfry
