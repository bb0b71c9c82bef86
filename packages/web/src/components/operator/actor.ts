import { useTranslation } from 'react-i18next';

const ACTOR = /^(admin|operator|user):(.+)$/;

/**
 * Who did something, readable: the account's name as the server resolves
 * it (`createdByName`, `changedByName`, …) with the role in words; without
 * one, the recorded actor ("operator:<account id>") as the role and the
 * start of the id; anything else (the CLI, the system) as it is.
 */
export function useActorName(): (actor: string, name?: string | null) => string {
  const { t } = useTranslation();
  return (actor, name) => {
    const match = ACTOR.exec(actor);
    if (!match) return name ?? actor;
    const role = t(`roles.${match[1] as 'admin' | 'operator' | 'user'}`);
    return name ? `${name} · ${role}` : `${role} (${(match[2] ?? '').slice(0, 8)})`;
  };
}
