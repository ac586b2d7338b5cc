import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import * as schema from "@/db/schema";
import { notificationMails } from "@/db/schema";
import { createAccount } from "@/lib/auth/accounts";
import { onPostgres, unique } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { eventually, freshDatabase, startInstance, type Instance } from "@/lib/testing/instances";
import { startMailServer, type MailServer } from "@/lib/testing/mail-server";
import { writeNotices } from "./write";

// A real server process (the job leader) claims a notice's outbox row and is killed with SIGKILL
// while the SMTP server holds the message unanswered (not accepted): the row stays claimed, and
// once its lease lapses the next leader sends it. The message arrives exactly once.

describe.skipIf(!onPostgres())("a mail sender killed after claiming and before sending", () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let client: postgres.Sql;
  let db: Database;
  let mail: MailServer;
  const instances: Instance[] = [];
  const start = () =>
    startInstance(fresh.url, { SEATKEEPER_SMTP_URL: mail.url, SEATKEEPER_MAIL_FROM: "seatkeeper@vendor.test" });

  beforeAll(async () => {
    mail = await startMailServer();
    fresh = await freshDatabase(process.env.DATABASE_URL!);
    instances.push(await start());
    client = postgres(fresh.url, { max: 2, onnotice: () => {} });
    db = drizzle({ client, schema }) as unknown as Database;
  }, 120_000);

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop("SIGKILL")));
    await client?.end({ timeout: 1 });
    await fresh?.drop();
    await mail?.close();
  });

  it("sends the message once, by the next leader, after its lease lapses", async () => {
    const f = await makeOrganization(db, { pools: [{ module: "ms", model: "named", capacity: 1 }] });
    const owner = await createAccount(db, testOperator, {
      email: `${unique("owner")}@killed.test`,
      password: "quiet-harbour-lantern-41",
      role: "owner",
      organizationId: f.organization.id,
    });
    mail.state.hold = true;
    await db.transaction((tx) =>
      writeNotices(
        tx,
        [
          {
            kind: "renewal_ahead",
            organizationId: f.organization.id,
            title: "The contract ends in 7 days",
            body: "Renew it before then.",
            link: `/contract?org=${f.organization.id}`,
            source: `killed-sender:${f.organization.id}`,
            occurredAt: new Date(),
          },
        ],
        new Date(),
      ),
    );
    const row = async () =>
      (await db.select().from(notificationMails).where(eq(notificationMails.accountId, owner.id)))[0]!;

    // The leader claims the row and is sending it: the SMTP server holds the message unanswered.
    expect(await eventually(() => mail.state.held === 1, 30_000)).toBe(true);
    await instances[0]!.stop("SIGKILL");
    const claimed = await row();
    expect(claimed).toMatchObject({ status: "sending", attempts: 1 });
    expect(mail.to(owner.email)).toHaveLength(0);

    // Its lease would lapse in two minutes; here it lapses now (the same state, sooner).
    await db
      .update(notificationMails)
      .set({ leaseUntil: sql`now() - interval '1 second'` })
      .where(eq(notificationMails.id, claimed.id));
    mail.state.hold = false;
    instances.push(await start());
    expect(await eventually(async () => (await row()).status === "sent", 30_000, 100)).toBe(true);
    expect(await row()).toMatchObject({ status: "sent", attempts: 2 });
    expect(mail.to(owner.email)).toHaveLength(1);
    expect(mail.to(owner.email)[0]!.messageId).toContain(`notice-${claimed.id}@`);
  }, 120_000);
});
