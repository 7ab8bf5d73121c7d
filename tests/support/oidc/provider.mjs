// A real OpenID Connect provider (panva's oidc-provider, the certified Node implementation) on a
// loopback port, for the login tests: `node provider.mjs` with PORT, CLIENT_ID, CLIENT_SECRET,
// REDIRECT_URI and ACCOUNTS (a JSON list of e-mail addresses that may log in) in the environment.
// Its development login page accepts any password for a listed account; everything after that
// (authorization code, PKCE, token endpoint, signed ID token, discovery, JWKS) is the real protocol.
import Provider from 'oidc-provider';

const { PORT, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI } = process.env;
const accounts = new Set(JSON.parse(process.env.ACCOUNTS || '[]'));
const issuer = `http://127.0.0.1:${PORT}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: [REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // Streamlit reads the person from the ID token: put the requested claims there.
  conformIdTokenClaims: false,
  cookies: { keys: ['lifecycle-assistant-test-cookie-key'] },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    if (!accounts.has(id)) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: id, email_verified: true, name: id.split('@')[0] };
      },
    };
  },
});

provider.listen(Number(PORT), '127.0.0.1', () => {
  console.log(`oidc provider ready at ${issuer}`);
});
