import './customer.css';
import '../orders/orders.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { regionNeedsPick } from '../../../shared/domain/region.js';
import type { ServiceOrder } from '../../../shared/domain/serviceOrder.js';
import type { CustomerCard, ProductWithWarranty } from '../../../shared/workstationApi.js';
import { ErrorText } from '../app/ErrorText.js';
import { GridTable } from '../app/GridTable.js';
import { useAppStore, useStores } from '../app/stores.js';
import { formatAddress, formatDate, formatDateTime, formatPhone } from '../i18n/format.js';
import { NewOrderForm } from '../orders/NewOrderForm.js';
import { DispatchControl } from '../orders/DispatchControl.js';
import { OrderStatusControl } from '../orders/OrderStatusControl.js';
import { OrderTimelineButton, OrderTimelinePanel } from '../orders/OrderTimeline.js';
import { OwnerControl } from '../orders/OwnerControl.js';
import { OrderFormSlot } from '../orders/orderFormSlot.js';
import { OverdueBadge } from '../orders/OverdueBadge.js';
import { EditCustomerForm, NewCustomerForm } from './CustomerForms.js';
import { CustomerFollowUps } from '../followUps/FollowUpsPanel.js';
import { CustomerComplaints } from '../complaints/CustomerComplaints.js';
import { CustomerNotes } from '../notes/CustomerNotes.js';
import { ContactHistory } from './ContactHistory.js';
import { isOpenOrder, sortOrders } from './customerCardStore.js';
import { ClickToDial } from '../softphone/ClickToDial.js';
import { CustomerContacts } from '../softphone/CustomerContacts.js';
import { VipBadge } from './VipBadge.js';
import { CustomerTagChips } from './CustomerTagChips.js';
import { VipBanner } from './VipBanner.js';
import { PartsRequestsButton, PartsRequestsPanel } from '../partsRequests/PartsRequestsPanel.js';
import { NewProductButton, NewProductForm } from '../products/NewProductForm.js';
import { MyWorkView } from '../myWork/MyWorkView.js';

const ORDER_COLUMNS = 7;

/** The right pane: the open customer's card, or what is happening instead. */
export function CustomerPane() {
  const { t } = useTranslation();
  const phase = useAppStore('card', (s) => s.phase);
  const card = useAppStore('card', (s) => s.card);
  const error = useAppStore('card', (s) => s.error);
  const creating = useAppStore('newCustomer', (s) => s.open);
  const myWorkShown = useAppStore('myWork', (s) => s.shown);

  if (creating) {
    return (
      <section className="card-pane">
        <NewCustomerForm />
      </section>
    );
  }

  if (myWorkShown) {
    return (
      <section className="card-pane">
        <MyWorkView />
      </section>
    );
  }

  return (
    <section className="card-pane">
      {phase === 'idle' ? <p className="pane-placeholder muted">{t('card.placeholder')}</p> : null}
      {phase === 'loading' ? (
        <p className="pane-placeholder muted" aria-busy="true">
          {t('card.loading')}
        </p>
      ) : null}
      {phase === 'missing' ? (
        <p className="pane-placeholder" data-testid="customer-missing">
          {t('card.missing')}
        </p>
      ) : null}
      {phase === 'error' && error ? <ErrorText error={error} testId="customer-error" className="pane-placeholder" /> : null}
      {phase === 'loaded' && card ? <CustomerCardView card={card} /> : null}
    </section>
  );
}

function CustomerCardView({ card }: { card: CustomerCard }) {
  const { t } = useTranslation();
  const { editCustomer, newOrder } = useStores();
  const editing = useAppStore('editCustomer', (s) => s.customerId === card.customer.id);
  const ordering = useAppStore('newOrder', (s) => s.customerId === card.customer.id);
  const registering = useAppStore('newProduct', (s) => s.customerId === card.customer.id);
  const { customer, products } = card;
  const orders = sortOrders(card.orders);
  const openCount = orders.filter(isOpenOrder).length;
  const productsById = new Map(products.map((p) => [p.id, p]));

  return (
    <article className="customer-card" data-testid="customer-card" data-customer-id={customer.id}>
      <header className="card-head">
        <h2 className="customer-name" data-testid="customer-name">
          {customer.name}
        </h2>
        <VipBadge tier={customer.vipTier} showNone />
        <CustomerTagChips tags={customer.tags} />
        <button
          type="button"
          className="button button-small"
          data-testid="edit-customer-button"
          title={t('editCustomer.buttonTitle')}
          aria-pressed={editing}
          onClick={() => (editing ? editCustomer.getState().cancel() : editCustomer.getState().start(customer))}
        >
          {t('editCustomer.button')}
        </button>
        <span className="card-hint muted">{t('card.backHint')}</span>
      </header>
      <VipBanner tier={customer.vipTier} />
      {editing ? (
        <EditCustomerForm />
      ) : (
      <dl className="facts">
        <div>
          <dt>{t('card.phone')}</dt>
          <dd className="phone">
            <span data-testid="customer-phone" data-phone={customer.phone}>
              {formatPhone(customer.phone)}
            </span>
            <ClickToDial phone={customer.phone} customerId={customer.id} />
          </dd>
        </div>
        {customer.altPhone ? (
          <div>
            <dt>{t('card.altPhone')}</dt>
            <dd className="phone">
              <span data-testid="customer-alt-phone" data-phone={customer.altPhone}>
                {formatPhone(customer.altPhone)}
              </span>
              <ClickToDial phone={customer.altPhone} customerId={customer.id} />
            </dd>
          </div>
        ) : null}
        <div className="fact-wide">
          <dt>{t('card.address')}</dt>
          <dd data-testid="customer-address">
            {formatAddress(customer.province, customer.city, customer.address)}
            {regionNeedsPick(customer) ? (
              <span className="badge badge-warn" data-testid="region-to-pick-badge" title={t('card.regionToPickTitle')}>
                {t('card.regionToPick')}
              </span>
            ) : null}
          </dd>
        </div>
      </dl>
      )}

      <section className="card-section">
        <div className="section-head">
          <h3>{t('card.products', { count: products.length })}</h3>
          <NewProductButton customerId={customer.id} />
        </div>
        {registering ? <NewProductForm /> : null}
        {products.length === 0 ? (
          <p className="muted">{t('card.noProducts')}</p>
        ) : (
          <GridTable headings={[t('product.serial'), t('product.model'), t('product.category'), t('product.purchaseDate'), t('product.warranty')]}>
            {products.map((p) => (
              <ProductRow key={p.id} product={p} />
            ))}
          </GridTable>
        )}
      </section>

      <section className="card-section">
        <div className="section-head">
          <h3>{t('card.orders', { count: orders.length })}</h3>
          <button
            type="button"
            className="button button-small"
            data-testid="new-order-button"
            title={t('newOrder.buttonTitle')}
            aria-pressed={ordering}
            onClick={() => (ordering ? newOrder.getState().cancel() : newOrder.getState().start(customer.id, products.map((p) => p.id)))}
          >
            {t('newOrder.button')}
          </button>
        </div>
        {ordering ? <NewOrderForm products={products} vipTier={customer.vipTier} /> : null}
        {orders.length === 0 ? (
          <p className="muted">{t('card.noOrders')}</p>
        ) : (
          <GridTable className="orders" headings={[t('order.number'), t('order.type'), t('order.status'), t('order.product'), t('order.fault'), t('order.created'), t('card.actions')]}>
            {openCount > 0 ? <GroupRow label={t('card.openOrders', { count: openCount })} /> : null}
            {orders.map((o, i) => [
              i === openCount && openCount > 0 ? <GroupRow key="past" label={t('card.pastOrders', { count: orders.length - openCount })} /> : null,
              <OrderRow key={o.id} order={o} product={o.productId ? productsById.get(o.productId) : undefined} phone={customer.phone} />,
            ])}
          </GridTable>
        )}
        <OrderTimelinePanel orders={card.orders} />
        <PartsRequestsPanel orders={card.orders} />
      </section>
      <CustomerFollowUps customerId={customer.id} orders={card.orders} />
      <CustomerComplaints orders={orders} />
      <CustomerNotes orders={orders} />
      <ContactHistory />
      <CustomerContacts />
    </article>
  );
}

function GroupRow({ label }: { label: string }) {
  return (
    <tr className="group-row">
      <th colSpan={ORDER_COLUMNS} scope="colgroup">
        {label}
      </th>
    </tr>
  );
}

function ProductRow({ product }: { product: ProductWithWarranty }) {
  const { t } = useTranslation();
  const { status, expiresOn } = product.warranty;
  return (
    <tr data-testid="product-row" data-serial={product.serialNumber}>
      <td className="mono">{product.serialNumber}</td>
      <td>{product.model}</td>
      <td>{t(`category.${product.category}`)}</td>
      <td className="nowrap">{product.purchaseDate}</td>
      <td className="nowrap">
        <span className={`badge warranty warranty-${status}`} data-testid="warranty-status" data-status={status} data-expires={expiresOn}>
          {t(`warranty.${status}`)}
        </span>{' '}
        <span className="muted">{t(status === 'in_warranty' ? 'product.expires' : 'product.expired', { date: expiresOn })}</span>
      </td>
    </tr>
  );
}

function OrderRow({ order, product, phone }: { order: ServiceOrder; product: ProductWithWarranty | undefined; phone: string }) {
  const { t } = useTranslation();
  const open = isOpenOrder(order);
  // The row's small forms open in the line under it (orderFormSlot.tsx): the buttons stay on one line.
  const [formSlot, setFormSlot] = useState<HTMLElement | null>(null);
  return (
    <>
    <tr data-testid="order-row" data-status={order.status} data-order-number={order.orderNumber} className={open ? 'order-open' : 'order-past'}>
      {/* The order number opens the order's history. */}
      <td className="nowrap">
        <OrderTimelineButton order={order} />
      </td>
      <td className="nowrap">{t(`orderType.${order.type}`)}</td>
      <td className="status-cell">
        <span className={`badge status status-${order.status}`}>{t(`orderStatus.${order.status}`)}</span> <OverdueBadge order={order} />
      </td>
      <td className="nowrap" title={product?.serialNumber}>
        {product ? product.model : ''}
      </td>
      <td className="fault">{order.fault || <span className="muted">{t('order.noFault')}</span>}</td>
      <td className="nowrap" title={formatDateTime(order.createdAt)}>
        {formatDate(order.createdAt)}
      </td>
      <td className="actions-cell" data-single-line>
        <OrderFormSlot.Provider value={formSlot}>
          <div className="row-actions" data-testid="order-actions">
            {/* Calls the customer about this order (interactions name the customer, not the order). */}
            <ClickToDial phone={phone} customerId={order.customerId} testId="order-dial" />
            <DispatchControl order={order} />
            <OrderStatusControl order={order} />
            <PartsRequestsButton order={order} />
            <OwnerControl order={order} />
          </div>
        </OrderFormSlot.Provider>
      </td>
    </tr>
    <tr className="order-form-row" data-order-id={order.id}>
      <td colSpan={ORDER_COLUMNS} ref={setFormSlot} className="order-form-slot" />
    </tr>
    </>
  );
}
