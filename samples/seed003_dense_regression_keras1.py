"""Keras 1 regression MLP on 514 features (seed 003): 264,710 and 132,355 params."""
from keras.models import Sequential
from keras.layers import Dense
from keras.regularizers import WeightRegularizer

predictivemodel = Sequential()
predictivemodel.add(Dense(514, input_dim=514, W_regularizer=WeightRegularizer(l1=0.000001,l2=0.000001), init='normal'))
predictivemodel.add(Dense(257, W_regularizer=WeightRegularizer(l1=0.000001,l2=0.000001), init='normal'))
predictivemodel.compile(loss='mean_squared_error', optimizer='adam', metrics=['accuracy'])
