import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type KoaContextWithOIDC } from "oidc-provider";

/**
 * A real OpenID provider (panva's oidc-provider) on 127.0.0.1 for the single sign-on spec. Its
 * people sign in on the provider's own development login page with any password; `impostor`
 * makes its discovery document name another issuer, as a misconfigured or forged provider would.
 */
export const people: Record<string, { email: string; email_verified: boolean }> = {
  "fjord-owner": { email: "Owner@Fjord.test", email_verified: true },
  "unverified-owner": { email: "owner@fjord.test", email_verified: false },
  stranger: { email: "stranger@elsewhere.test", email_verified: true },
};

export type IdentityProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  setImpostor(on: boolean): void;
  close(): Promise<void>;
};

export async function startIdentityProvider(redirectUri: string): Promise<IdentityProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = "seatkeeper-e2e";
  const clientSecret = "seatkeeper-e2e-client-secret-0123456789";
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"] },
    cookies: { keys: ["seatkeeper-e2e-idp-cookie-key"] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx: KoaContextWithOIDC, sub: string) {
      const person = people[sub];
      if (!person) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...person }) };
    },
    // First-party: consent is given without asking.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const session = ctx.oidc.session!;
      const client = ctx.oidc.client!;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId! });
      grant.addOIDCScope("openid email");
      await grant.save();
      return grant;
    },
  });
  provider.on("grant.error", (ctx: KoaContextWithOIDC, error: Error & { error_detail?: string }) =>
    console.error(
      "identity provider refused a grant:",
      error.message,
      error.error_detail ?? "",
      JSON.stringify(ctx.oidc.params),
    ),
  );
  const callback = provider.callback();
  let impostor = false;
  server.on("request", (req, res) => {
    if (impostor && req.url === "/.well-known/openid-configuration") {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ ...discovery, issuer: `${issuer}/impostor` }));
      return;
    }
    void callback(req, res);
  });
  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as object;
  return {
    issuer,
    clientId,
    clientSecret,
    setImpostor: (on) => {
      impostor = on;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
