import { useTranslation } from 'react-i18next';

const ACTOR = /^(admin|operator|user):(.+)$/;

/**
 * Who did something, as the server records it ("operator:<account id>"),
 * made readable: the role in words and the start of the id, enough to tell
 * two operators apart; anything else (the CLI, the system) as it is.
 */
export function useActorName(): (actor: string) => string {
  const { t } = useTranslation();
  return (actor) => {
    const match = ACTOR.exec(actor);
    if (!match) return actor;
    const role = match[1] as 'admin' | 'operator' | 'user';
    return `${t(`roles.${role}`)} (${(match[2] ?? '').slice(0, 8)})`;
  };
}
