using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Godwit.Core.Connections;
using Godwit.Demo.Seeding;
using Godwit.Demo.Sources;

namespace Godwit.Demo.Commands;

/// <summary><c>godwit-demo seed</c>: (re)creates the travel-booking database with Bogus data, and the app's DML-only account.</summary>
internal static class SeedCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var source = DemoOptions.Source(
            $"URI of the demo database, as an account that may create databases and users: MariaDB (the database is dropped and recreated), or PostgreSQL with ?schema=NAME (default public; the database is created if missing, the schema dropped and recreated). Without a password, ${PasswordResolver.SourcePasswordVariable}, ~/.my.cnf or ~/.pgpass is used.");
        var scale = new Option<double>("--scale") { Description = "Size: scale 1 is 5,000 customers, 300 trips, 25,000 bookings and their payments (fractions allowed, from 0.01).", DefaultValueFactory = _ => 1, HelpName = "N" };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed makes the same data.", DefaultValueFactory = _ => 42, HelpName = "N" };
        var appUser = new Option<string>("--app-user") { Description = "The app's account (SELECT, INSERT, UPDATE, DELETE on the demo's tables only; on PostgreSQL also USAGE on its sequences).", DefaultValueFactory = _ => DemoAppAccount.DefaultUser, HelpName = "NAME" };
        var appPassword = new Option<string?>("--app-password")
        {
            Description = $"The app account's password. Prefer ${DemoPasswords.AppPasswordVariable}: an option's value is on the command line, which any local user can read with ps. One of the two is required.",
            HelpName = "PASSWORD",
        };
        var json = DemoOptions.Json();
        var command = new Command("seed", "Create the travel-booking database on MariaDB or PostgreSQL (customers, trips, bookings, payments) with Bogus data, and the app's account.")
        {
            source, scale, seed, appUser, appPassword, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var admin = DemoPasswords.Resolve(parse.GetValue(source)!, EndpointRole.Source);
            if (admin.Engine is not (DatabaseEngine.MySql or DatabaseEngine.Postgres) || admin.Database is null)
            {
                throw new DemoException($"--source must be a mysql://, mariadb:// or postgresql:// URI naming the demo database, not {admin}.");
            }

            var engine = DemoSources.For(admin);

            if (!(parse.GetValue(scale) is >= 0.01 and <= 10_000))
            {
                throw new DemoException("--scale must be between 0.01 and 10000.");
            }

            var user = parse.GetValue(appUser)!;
            // No default: a password anyone can guess (the account name was one) would open the demo database to them.
            var password = parse.GetValue(appPassword) is { Length: > 0 } given ? given
                : Environment.GetEnvironmentVariable(DemoPasswords.AppPasswordVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
                : throw new DemoException($"no password for the app account {user}: set ${DemoPasswords.AppPasswordVariable} (or give --app-password, which ps shows).");
            SecretMasker.Register(password);
            await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"seed: creating {admin.Database} on {admin} ({engine.Name}, scale {parse.GetValue(scale)}, seed {parse.GetValue(seed)})"));
            var report = await engine.SeedAsync(admin, parse.GetValue(scale), parse.GetValue(seed), ct);
            await engine.CreateAppAccountAsync(admin, user, password, ct);
            if (parse.GetValue(json))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["database"] = report.Database,
                    ["scale"] = report.Scale,
                    ["seed"] = report.Seed,
                    ["customers"] = report.Customers,
                    ["trips"] = report.Trips,
                    ["bookings"] = report.Bookings,
                    ["payments"] = report.Payments,
                    ["rows"] = report.Rows,
                    ["seconds"] = Math.Round(report.Elapsed.TotalSeconds, 3),
                    ["app_user"] = user,
                }));
            }
            else
            {
                await stdout.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"seeded {report.Database}{(engine.Schema(admin) is var schema && schema != report.Database ? $", schema {schema}" : string.Empty)}: {report.Customers:N0} customers, {report.Trips:N0} trips, {report.Bookings:N0} bookings, {report.Payments:N0} payments ({report.Rows:N0} rows) in {report.Elapsed.TotalSeconds:0.0} s; app account {user} may SELECT, INSERT, UPDATE and DELETE there, nothing else"));
            }

            return DemoExitCode.Success;
        });
        return command;
    }
}
