import { useTranslation } from 'react-i18next';
import { ProductCategory } from '../../../shared/domain/product.js';
import { ErrorText } from '../app/ErrorText.js';
import { listboxKeys } from '../app/listboxKeys.js';
import { useAppStore, useStores } from '../app/stores.js';
import { StorePanelDialog } from '../app/StorePanelDialog.js';
import { formatDate } from '../i18n/format.js';

const ALL = '';

/**
 * Standard answers and scripts (Alt+B): search as you type over every article, those in the
 * screen's language and of the open card's product category first (a chip says so and removes
 * it); ↑↓ choose, Enter opens, Backspace on an article goes back, Esc closes.
 */
export function KnowledgePanel() {
  const { t } = useTranslation();
  const { knowledge } = useStores();
  const query = useAppStore('knowledge', (s) => s.query);
  const category = useAppStore('knowledge', (s) => s.category);
  const preferredCategory = useAppStore('knowledge', (s) => s.preferredCategory);
  const phase = useAppStore('knowledge', (s) => s.phase);
  const results = useAppStore('knowledge', (s) => s.results);
  const selected = useAppStore('knowledge', (s) => s.selected);
  const article = useAppStore('knowledge', (s) => s.article);
  const error = useAppStore('knowledge', (s) => s.error);

  const onListKey = listboxKeys(
    (delta) => knowledge.getState().move(delta),
    () => void knowledge.getState().openArticle(),
  );

  return (
    <StorePanelDialog name="knowledge">
      {article ? (
        <article data-testid="knowledge-article" data-article-id={article.id} onKeyDown={(e) => e.key === 'Backspace' && knowledge.getState().backToList()}>
          <button type="button" className="button button-small" data-testid="knowledge-back" autoFocus onClick={() => knowledge.getState().backToList()}>
            {t('knowledge.back')}
          </button>
          {/* An article is in its own language (English ones exist): said so for screen readers, fonts and checks. */}
          <h3 data-testid="knowledge-article-title" lang={article.language}>
            {article.title}
          </h3>
          <p className="muted">
            {article.category ? t(`category.${article.category}`) : t('knowledge.general')} · {t('knowledge.updated', { date: formatDate(article.updatedAt) })}
          </p>
          <div className="knowledge-body" data-testid="knowledge-article-body" lang={article.language} style={{ whiteSpace: 'pre-wrap' }}>
            {article.body}
          </div>
          {article.tags.length ? <p className="muted">{article.tags.map((tag) => `#${tag}`).join(' ')}</p> : null}
        </article>
      ) : (
        <>
          <div className="form-row">
            <label>
              {t('knowledge.search')}
              <input
                type="search"
                data-testid="knowledge-query"
                autoFocus
                value={query}
                placeholder={t('knowledge.placeholder')}
                aria-controls="knowledge-results"
                aria-activedescendant={results[selected] ? `knowledge-result-${results[selected].id}` : undefined}
                onChange={(e) => void knowledge.getState().setQuery(e.target.value)}
                onKeyDown={onListKey}
              />
            </label>
            <label>
              {t('knowledge.category')}
              <select
                data-testid="knowledge-category"
                value={category ?? ALL}
                onChange={(e) => void knowledge.getState().setCategory(e.target.value === ALL ? null : ProductCategory.parse(e.target.value))}
              >
                <option value={ALL}>{t('knowledge.allCategories')}</option>
                {ProductCategory.options.map((c) => (
                  <option key={c} value={c}>
                    {t(`category.${c}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {preferredCategory ? (
            <p>
              <button
                type="button"
                className="badge"
                data-testid="knowledge-preferred-category"
                title={t('knowledge.preferredRemove')}
                onClick={() => void knowledge.getState().clearPreferredCategory()}
              >
                {t('knowledge.preferred', { category: t(`category.${preferredCategory}`) })} ×
              </button>
            </p>
          ) : null}
          <p className="muted">{t('knowledge.hint')}</p>
          {error ? <ErrorText error={error} testId="knowledge-error" /> : null}
          {phase === 'loaded' && results.length === 0 ? (
            <p className="muted" data-testid="knowledge-none">
              {t('knowledge.none')}
            </p>
          ) : null}
          <ul id="knowledge-results" className="overdue-list" role="listbox" aria-label={t('knowledge.results', { count: results.length })} onKeyDown={onListKey}>
            {results.map((a, i) => (
              <li key={a.id} id={`knowledge-result-${a.id}`} role="option" aria-selected={i === selected}>
                <button
                  type="button"
                  className={`overdue-entry${i === selected ? ' selected' : ''}`}
                  data-testid="knowledge-result"
                  data-article-id={a.id}
                  tabIndex={-1}
                  onClick={() => void knowledge.getState().openArticle(a.id)}
                >
                  <strong lang={a.language}>{a.title}</strong>
                  <span className="badge">{a.category ? t(`category.${a.category}`) : t('knowledge.general')}</span>
                  <span className="muted">{t(`knowledge.languageName.${a.language}`)}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </StorePanelDialog>
  );
}
