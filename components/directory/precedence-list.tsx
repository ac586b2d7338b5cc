"use client";

import { useState } from "react";
import { orderDirectoryProfilesAction } from "@/app/(console)/directory/actions";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";

type DirectoryProfile = { id: string; name: string; groups: string[] };

/**
 * The order in which directory profiles win: a user in several linked groups gets the first one's
 * profile. Moving a profile saves the whole order; a shortage refuses it whole and says so.
 */
export function PrecedenceList({
  organizationId,
  profiles,
  canManage,
}: {
  organizationId: string;
  profiles: DirectoryProfile[];
  canManage: boolean;
}) {
  const [order, setOrder] = useState(profiles);
  const form = useActionForm();

  async function move(index: number, by: -1 | 1) {
    const next = [...order];
    [next[index], next[index + by]] = [next[index + by]!, next[index]!];
    const saved = await form.run(() =>
      orderDirectoryProfilesAction({ organizationId, profileIds: next.map((p) => p.id) }),
    );
    if (saved) setOrder(next);
  }

  return (
    <Card data-action-form>
      <CardHeader
        title="Directory group precedence"
        description="A user in several directory groups gets the profile listed first here."
      />
      <ol className="divide-y divide-slate-100" aria-label="Directory profiles, first wins">
        {order.map((p, index) => (
          <li key={p.id} className="flex flex-wrap items-center gap-3 px-5 py-3 text-sm">
            <span className="w-6 text-slate-500">{index + 1}.</span>
            <span className="font-medium text-slate-900">{p.name}</span>
            <span className="text-slate-600">via directory group {p.groups.join(", ")}</span>
            {canManage ? (
              <span className="ml-auto flex gap-2">
                <Button
                  variant="secondary"
                  disabled={index === 0 || form.pending}
                  onClick={() => void move(index, -1)}
                  aria-label={`Move ${p.name} up`}
                >
                  Up
                </Button>
                <Button
                  variant="secondary"
                  disabled={index === order.length - 1 || form.pending}
                  onClick={() => void move(index, 1)}
                  aria-label={`Move ${p.name} down`}
                >
                  Down
                </Button>
              </span>
            ) : null}
          </li>
        ))}
      </ol>
      <div className="px-5 pb-3">
        <FormError message={form.error} />
      </div>
    </Card>
  );
}
