import { Badge, type Tone } from '../../shared/ui/badge';
import type { OrderStatus } from './router';

const TONES: Record<OrderStatus, Tone> = {
  pending: 'warning',
  awaiting_payment: 'warning',
  confirmed: 'info',
  processing: 'info',
  partially_shipped: 'info',
  shipped: 'success',
  delivered: 'success',
  completed: 'success',
  cancelled: 'danger',
};

export const StatusBadge = ({ status }: { status: OrderStatus }) => <Badge tone={TONES[status]}>{status.replace(/_/g, ' ')}</Badge>;
