using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Godwit.MySql.Transport;

/// <summary>Decides whether to trust the server's TLS certificate according to <see cref="MySqlSslMode"/>.</summary>
internal sealed class ServerCertificateValidator
{
    private readonly MySqlSslMode _mode;
    private readonly X509Certificate2Collection? _trustedCas;

    public ServerCertificateValidator(MySqlSslMode mode, string? caCertificatePath)
    {
        _mode = mode;
        if (caCertificatePath is { Length: > 0 })
        {
            try
            {
                _trustedCas = [];
                _trustedCas.ImportFromPemFile(caCertificatePath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                throw MySqlException.Client(
                    MySqlClientError.SslConnectionError, $"Cannot read the CA certificate file '{caCertificatePath}': {ex.Message}", ex);
            }
        }
    }

    /// <summary>Why the last validation failed, for the error message.</summary>
    public string? FailureReason { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        // preferred/required encrypt without authenticating the server, like libpq's "require".
        if (_mode is MySqlSslMode.Preferred or MySqlSslMode.Required)
        {
            return true;
        }

        if (certificate is null)
        {
            FailureReason = "the server sent no certificate";
            return false;
        }

        var nameMismatch = (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0;
        if (_mode == MySqlSslMode.VerifyFull && nameMismatch)
        {
            FailureReason = "the certificate does not match the host name";
            return false;
        }

        if (_trustedCas is null)
        {
            var chainOk = (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0;
            FailureReason = chainOk ? null : "the certificate chain is not trusted by the system";
            return chainOk;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_trustedCas);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var serverCertificate = new X509Certificate2(certificate);
        if (!custom.Build(serverCertificate))
        {
            FailureReason = "the certificate is not signed by the configured CA ("
                + string.Join(", ", custom.ChainStatus.Select(s => s.StatusInformation.Trim())) + ")";
            return false;
        }

        return true;
    }
}
