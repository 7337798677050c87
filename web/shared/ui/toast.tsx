import { Toast as ToastPrimitive } from 'radix-ui';
import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';

interface ToastMessage {
  id: number;
  title: string;
  description?: string;
  tone: 'info' | 'error';
}

const ToastContext = createContext<(message: Omit<ToastMessage, 'id'>) => void>(() => undefined);

/** Short notices (saved, failed) announced politely to screen readers; each closes itself or on Escape. */
export function ToastProvider({ children, closeLabel }: { children: ReactNode; closeLabel: string }) {
  const [messages, setMessages] = useState<ToastMessage[]>([]);
  const show = useCallback((message: Omit<ToastMessage, 'id'>) => setMessages((all) => [...all, { ...message, id: Date.now() + Math.random() }]), []);
  return (
    <ToastContext.Provider value={show}>
      <ToastPrimitive.Provider swipeDirection="right">
        {children}
        {messages.map((message) => (
          <ToastPrimitive.Root
            key={message.id}
            onOpenChange={(open) => !open && setMessages((all) => all.filter((m) => m.id !== message.id))}
            className={`rounded-md border p-4 shadow-lg ${message.tone === 'error' ? 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100' : 'border-gray-300 bg-white text-gray-900 dark:border-gray-600 dark:bg-gray-900 dark:text-gray-100'}`}
          >
            <ToastPrimitive.Title className="font-medium">{message.title}</ToastPrimitive.Title>
            {message.description && <ToastPrimitive.Description className="mt-1 text-sm">{message.description}</ToastPrimitive.Description>}
            <ToastPrimitive.Close className="mt-2 text-sm underline">{closeLabel}</ToastPrimitive.Close>
          </ToastPrimitive.Root>
        ))}
        <ToastPrimitive.Viewport className="fixed right-4 bottom-4 z-50 flex w-80 max-w-[calc(100vw-2rem)] flex-col gap-2" />
      </ToastPrimitive.Provider>
    </ToastContext.Provider>
  );
}

export const useToast = () => useContext(ToastContext);
