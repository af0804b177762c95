using Godwit.Postgres.Wire;

namespace Godwit.Postgres.Tests.Wire;

/// <summary>The SCRAM-SHA-256 client computes RFC 7677's example exchange (section 3) byte for byte.</summary>
public sealed class PgScramSha256Tests
{
    private const string ServerFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";

    [Fact]
    public void The_client_proof_is_the_one_in_rfc_7677()
    {
        var scram = new PgScramSha256("pencil", "rOprNGfwEbeRWgbNEkqO", "user");
        Assert.Equal("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", scram.ClientFirst);
        Assert.Equal(
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
            scram.ClientFinal(ServerFirst));
        scram.VerifyServerFinal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    [Fact]
    public void A_server_signature_that_does_not_match_is_refused()
    {
        var scram = new PgScramSha256("pencil", "rOprNGfwEbeRWgbNEkqO", "user");
        scram.ClientFinal(ServerFirst);
        Assert.Throws<PgWireException>(() => scram.VerifyServerFinal("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
    }

    [Fact]
    public void A_server_nonce_that_does_not_extend_the_clients_is_refused()
    {
        var scram = new PgScramSha256("pencil", "someothernonce", "user");
        Assert.Throws<PgWireException>(() => scram.ClientFinal(ServerFirst));
    }
}
