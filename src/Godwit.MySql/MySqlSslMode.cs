namespace Godwit.MySql;

/// <summary>TLS policy, named as libpq's sslmode; MySQL's --ssl-mode spellings map onto the same values.</summary>
public enum MySqlSslMode
{
    /// <summary>Never use TLS.</summary>
    Disabled,

    /// <summary>Use TLS when the server offers it (TCP only), without verifying the certificate.</summary>
    Preferred,

    /// <summary>Require TLS, without verifying the certificate.</summary>
    Required,

    /// <summary>Require TLS and a certificate chaining to a trusted CA (the CA file if given), any host name.</summary>
    VerifyCa,

    /// <summary>Require TLS, a trusted chain and a certificate matching the host name.</summary>
    VerifyFull,
}
